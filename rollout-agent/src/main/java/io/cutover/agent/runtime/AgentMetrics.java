package io.cutover.agent.runtime;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.cutover.agent.domain.Phase;
import io.cutover.proto.v1.RolloutStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

/**
 * Prometheus metrics of the agent: the phase (one gauge per phase, 1 for the current one), node
 * height, restarts, readiness, the target height and blocks left to it, and the staging and
 * switchover durations. Every series carries {@code chain} and {@code node} labels.
 */
public final class AgentMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Phase, AtomicLong> phases = new EnumMap<>(Phase.class);
    private final AtomicLong height = new AtomicLong();
    private final Timer staging;
    private final Timer switchover;

    public AgentMetrics(String chainId, String nodeName) {
        registry.config().commonTags("chain", chainId, "node", nodeName);
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

    /** Registers readiness, the target height and the blocks left to it, read from the agent's status. */
    public void status(Supplier<RolloutStatus> status) {
        Gauge.builder("cutover_agent_ready", status, s -> s.get().getReady() ? 1 : 0)
                .description("1 when the target release is staged and verified").register(registry);
        Gauge.builder("cutover_agent_target_height", status, s -> s.get().getTargetHeight())
                .description("height of the approved upgrade the agent works towards, 0 when none").register(registry);
        Gauge.builder("cutover_agent_blocks_to_height", status, s -> blocksToHeight(s.get()))
                .description("blocks left before the target height, 0 when there is no target or it is reached").register(registry);
    }

    static long blocksToHeight(RolloutStatus s) {
        return s.getTargetHeight() == 0 ? 0 : Math.max(0, s.getTargetHeight() - s.getHeight());
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
