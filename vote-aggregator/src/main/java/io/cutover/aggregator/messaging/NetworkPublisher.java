package io.cutover.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.config.DashboardConfig;
import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.calendar.CalendarBoard;

/** Hands the network view of the committed state to its network's {@link NetworkBoard} and to the {@link CalendarBoard}. */
@ApplicationScoped
public class NetworkPublisher {

    private final CalendarBoard calendar;
    private final DashboardConfig config;

    public NetworkPublisher(CalendarBoard calendar, DashboardConfig config) {
        this.calendar = calendar;
        this.config = config;
    }

    /** Called on the tally loop's thread after a commit (the state is not thread-safe). */
    void publish(AppliedInputs state, NetworkBoard board) {
        state.aggregation().ifPresent(a -> {
            NetworkOverview view = NetworkOverview.of(a.tally(), state.agents(), config.warningBlocks());
            // the calendar first: the board's event makes the dashboard fetch the calendar, which must already hold this view
            calendar.publish(view, state.agents());
            board.publish(view);
        });
    }
}
