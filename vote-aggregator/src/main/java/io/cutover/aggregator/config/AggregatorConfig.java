package io.cutover.aggregator.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The vote-aggregator's own settings; Kafka's address is the usual {@code kafka.bootstrap.servers}. */
@ConfigMapping(prefix = "cutover")
public interface AggregatorConfig {

    /**
     * network.toml of a deployment that serves one network: chain id, validators, voting power, threshold (checked again every
     * {@code network-check-interval}). {@code network.toml} when neither this nor {@code cutover.networks} is set.
     */
    Optional<Path> networkFile();

    /**
     * The networks of a deployment that serves a fleet: a folder of network files (every {@code *.toml}) or a comma-separated
     * list. Each network gets its own tally, consumer group, transactional id, journal and snapshot (suffix {@code -<chain id>}).
     */
    Optional<String> networks();

    /** How often each network file is read again; a changed validator set re-evaluates every open tally of that network. */
    @WithDefault("10s")
    Duration networkCheckInterval();

    Aggregator aggregator();

    Height height();

    interface Aggregator {
        /** Consumer group of every aggregator instance of this network: one works, the others stand by. */
        @WithDefault("cutover-vote-aggregator")
        String groupId();

        /** Kafka transactional.id shared by every instance: a new active instance fences the previous one. */
        @WithDefault("cutover-vote-aggregator")
        String transactionalId();

        /** Static group membership (group.instance.id): a restarted instance with the same id takes its place at once. */
        Optional<String> instanceId();

        /** The journal of applied inputs, written in the same Kafka transaction as the events; replayed on start. */
        @WithDefault("upgrade.tally-journal")
        String journalTopic();

        /**
         * The aggregator's snapshots (compacted, key = its transactional id), each written in the same Kafka transaction
         * as the journal entries after it; a restart reads the newest and replays only the journal after it.
         */
        @WithDefault("upgrade.tally-snapshots")
        String snapshotTopic();

        /** A snapshot is written once this many inputs were applied since the last one (a restart replays at most about as many) ... */
        @WithDefault("10000")
        int snapshotEveryInputs();

        /** ... or once this long passed with any input applied since the last one (and at a clean shutdown). */
        @WithDefault("10s")
        Duration snapshotInterval();

        /**
         * How long the transactional producer waits before it retries a request the broker answered "not yet" (a send while
         * the previous transaction's commit markers are still being written); Kafka's 100 ms default delays an approval by as much.
         */
        @WithDefault("5ms")
        Duration retryBackoff();

        /** How long one poll waits for input. */
        @WithDefault("100ms")
        Duration pollTimeout();

        /** Kafka session timeout: a stand-by instance takes over this long after the active one died. */
        @WithDefault("10s")
        Duration sessionTimeout();
    }

    interface Height {
        /**
         * {@code agents} (the median of the validators' reports on rollout.status) or {@code status-url}
         * (a node's CometBFT-style status document, polled; every new height observed is journaled).
         */
        @WithDefault("agents")
        HeightSource source();

        /** The status URL polled when source = status-url. */
        @WithName("status-url")
        Optional<URI> statusUrl();

        /** JSON pointer to the height in the status document (a number or a decimal string). */
        @WithName("json-pointer")
        @WithDefault("/result/sync_info/latest_block_height")
        String jsonPointer();

        /** How often the status URL is polled. */
        @WithName("poll-interval")
        @WithDefault("2s")
        Duration pollInterval();

        /** Heights reported on rollout.status older than this (relative to the newest report) are ignored. */
        @WithDefault("60s")
        Duration maxReportAge();
    }

    enum HeightSource {
        AGENTS, STATUS_URL
    }
}
