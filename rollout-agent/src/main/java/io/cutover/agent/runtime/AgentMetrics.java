package io.cutover.agent.runtime;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.cutover.agent.domain.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Prometheus metrics of the agent: the phase (one gauge per phase, 1 for the current one), node
 * height, restarts, and the staging and switchover durations.
 */
public final class AgentMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Phase, AtomicLong> phases = new EnumMap<>(Phase.class);
    private final AtomicLong height = new AtomicLong();
    private final Timer staging;
    private final Timer switchover;

    public AgentMetrics() {
        for (Phase phase : Phase.values()) {
            AtomicLong value = new AtomicLong();
            phases.put(phase, value);
            Gauge.builder("cutover_agent_phase", value, AtomicLong::get).tag("phase", phase.name())
                    .description("1 for the agent's current phase").register(registry);
        }
        Gauge.builder("cutover_agent_node_height", height, AtomicLong::get).description("the node's latest height").register(registry);
        staging = Timer.builder("cutover_agent_staging").description("time to stage and verify a release").register(registry);
        switchover = Timer.builder("cutover_agent_switchover")
                .description("from the node halted at H to the new release's status answering").register(registry);
    }

    /** Registers the restart count, read from the agent's state. */
    public void restarts(Supplier<Number> restarts) {
        Gauge.builder("cutover_agent_restarts", restarts, s -> s.get().doubleValue())
                .description("node restarts and failed start attempts").register(registry);
    }

    public void phase(Phase current) {
        phases.forEach((phase, value) -> value.set(phase == current ? 1 : 0));
    }

    public void height(long h) {
        height.set(h);
    }

    public void staging(Duration d) {
        staging.record(d);
    }

    public void switchover(Duration d) {
        switchover.record(d);
    }

    public String scrape() {
        return registry.scrape();
    }
}
