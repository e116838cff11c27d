package io.cutover.aggregator.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Webhook alerts: each event once, from the active instance only. No webhook configured: alerts are off. */
@ConfigMapping(prefix = "cutover.alerts")
public interface AlertConfig {

    /** Where alerts are POSTed (a comma-separated list); none: alerts are off (said once at start). */
    Optional<List<URI>> webhooks();

    /** {@code json} (a plain JSON body) or {@code slack} (a Slack-compatible {@code {"text": ...}} body). */
    @WithDefault("json")
    Format format();

    /** How long before an upgrade's estimated time a reminder goes out; one alert per lead. */
    @WithDefault("24h,6h")
    List<Duration> leads();

    /** From this long before its estimated time, an approved upgrade whose ready power is short of the threshold alerts. */
    @WithDefault("6h")
    Duration readinessLead();

    /** The network at an upgrade's height this long without moving past it alerts. */
    @WithDefault("10m")
    Duration stallAfter();

    /** The compacted topic recording each alert (key: its idempotency key) as PENDING, then DELIVERED. */
    @WithDefault("upgrade.alerts")
    String topic();

    /** How often the rules are evaluated. */
    @WithDefault("5s")
    Duration checkInterval();

    /** The first retry of a failing webhook waits this long; each next one twice as long ... */
    @WithDefault("1s")
    Duration retryInitial();

    /** ... up to this. */
    @WithDefault("5m")
    Duration retryMax();

    /** Alerts waiting for delivery at most; more wait for the next evaluation. */
    @WithDefault("1000")
    int queueCapacity();

    enum Format {
        JSON, SLACK
    }
}
