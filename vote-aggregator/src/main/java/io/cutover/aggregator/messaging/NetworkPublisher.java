package io.cutover.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.config.DashboardConfig;
import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.NetworkOverview;

/** Hands the network view of the committed state to its network's {@link NetworkBoard}. */
@ApplicationScoped
public class NetworkPublisher {

    private final DashboardConfig config;

    public NetworkPublisher(DashboardConfig config) {
        this.config = config;
    }

    /** Called on the tally loop's thread after a commit (the state is not thread-safe). */
    void publish(AppliedInputs state, NetworkBoard board) {
        state.aggregation().ifPresent(a -> board.publish(NetworkOverview.of(a.tally(), state.agents(), config.warningBlocks())));
    }
}
