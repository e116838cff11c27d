package io.cutover.aggregator.messaging;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AlertConfig;
import io.cutover.aggregator.domain.alert.AlertRules;
import io.cutover.aggregator.domain.alert.AlertSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Evaluates the alert rules every {@code cutover.alerts.check-interval} on a thread of its own (never the
 * tally loop's) and, while this instance is the active one, raises what is due through {@link AlertDispatcher}.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final AlertConfig config;
    private final TallyLoops loops;
    private final UpcomingUpgrades upgrades;
    private final KafkaConnection kafka;
    private ScheduledExecutorService executor;
    /** One dispatcher per network, each acting while this instance is that network's active one. */
    private final Map<TallyLoop, AlertDispatcher> dispatchers = new LinkedHashMap<>();

    public AlertService(AlertConfig config, TallyLoops loops, UpcomingUpgrades upgrades, KafkaConnection kafka) {
        this.config = config;
        this.loops = loops;
        this.upgrades = upgrades;
        this.kafka = kafka;
    }

    void onStart(@Observes StartupEvent event) {
        List<java.net.URI> webhooks = config.webhooks().orElse(List.of());
        if (webhooks.isEmpty()) {
            LOG.info("alerts are off: no webhook configured (cutover.alerts.webhooks)");
            return;
        }
        AlertRules rules = new AlertRules(new AlertSettings(config.leads(), config.readinessLead(), config.stallAfter()));
        for (TallyLoop loop : loops.all()) {
            dispatchers.put(loop, new AlertDispatcher(loop.chainId(), rules, new AlertLog(kafka.properties(), config.topic()),
                    delivered -> new WebhookSender(webhooks, config.format(), config.retryInitial(), config.retryMax(),
                            config.queueCapacity(), delivered)));
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "alerts"));
        Clock clock = Clock.systemUTC();
        executor.scheduleWithFixedDelay(() -> {
            try {
                dispatchers.forEach((loop, dispatcher) -> dispatcher.tick(loop.isActive(), upgrades.situation(loop.chainId()),
                        clock.instant()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "evaluating the alerts failed; trying again in %s", config.checkInterval());
            }
        }, config.checkInterval().toMillis(), config.checkInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("alerts: %s POSTed to %s (leads %s, readiness lead %s, stall after %s), recorded on %s", config.format(), webhooks,
                config.leads(), config.readinessLead(), config.stallAfter(), config.topic());
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (executor != null) {
            executor.shutdown();
            executor.awaitTermination(10, TimeUnit.SECONDS);
            dispatchers.values().forEach(AlertDispatcher::close);
        }
    }
}
