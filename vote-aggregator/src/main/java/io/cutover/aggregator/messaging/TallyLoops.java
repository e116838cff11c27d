package io.cutover.aggregator.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.network.ServedNetworks;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** One {@link TallyLoop} per network served, started with the application and stopped with it. */
@ApplicationScoped
public class TallyLoops {

    private final List<TallyLoop> loops;

    public TallyLoops(AggregatorConfig config, ServedNetworks networks, KafkaConnection kafka, AggregatorMetrics metrics,
            NetworkPublisher publisher, NodeHeightPoller nodeHeight, OwnTopics ownTopics) {
        if (!nodeHeight.heightFromAgents() && networks.all().size() > 1) {
            throw new IllegalArgumentException("cutover.height.source=status-url polls one node, so it serves one network; this "
                    + "deployment serves " + networks.all().size() + " (" + String.join(", ", networks.chainIds())
                    + "): use cutover.height.source=agents");
        }
        this.loops = networks.all().stream().map(n -> new TallyLoop(config, kafka, n, metrics, publisher, nodeHeight, ownTopics)).toList();
    }

    void onStart(@Observes StartupEvent event) {
        loops.forEach(TallyLoop::start);
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        loops.forEach(TallyLoop::stop);
        for (TallyLoop loop : loops) {
            loop.awaitStop();
        }
    }

    /** Every network's loop, in file order. */
    public List<TallyLoop> all() {
        return loops;
    }
}
