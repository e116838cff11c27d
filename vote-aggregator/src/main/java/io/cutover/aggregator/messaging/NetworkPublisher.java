package io.cutover.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.config.DashboardConfig;
import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.calendar.CalendarBoard;

/** Hands the network view of the committed state to the {@link NetworkBoard} and the {@link CalendarBoard}. */
@ApplicationScoped
public class NetworkPublisher {

    private final NetworkBoard board;
    private final CalendarBoard calendar;
    private final DashboardConfig config;

    public NetworkPublisher(NetworkBoard board, CalendarBoard calendar, DashboardConfig config) {
        this.board = board;
        this.calendar = calendar;
        this.config = config;
    }

    /** Called on the tally loop's thread after a commit (the state is not thread-safe). */
    void publish(AppliedInputs state) {
        state.aggregation().ifPresent(a -> {
            NetworkOverview view = NetworkOverview.of(a.tally(), state.agents(), config.warningBlocks());
            board.publish(view);
            calendar.publish(view, state.agents());
        });
    }
}
