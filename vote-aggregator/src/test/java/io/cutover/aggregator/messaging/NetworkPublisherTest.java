package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.aggregator.domain.calendar.CalendarView;
import io.cutover.aggregator.domain.calendar.UpgradeCalendar;
import io.cutover.aggregator.support.TestNetwork;

class NetworkPublisherTest {

    /** The board's event makes the dashboard fetch the calendar: by then the calendar must hold the same view. */
    @Test
    void theCalendarHoldsTheViewBeforeTheBoardAnnouncesIt() {
        AppliedInputs state = new AppliedInputs(Duration.ofSeconds(60));
        state.apply(JournalSource.NETWORK, new TestNetwork(10, 10, 10, 10).toml(), 1_000);
        CalendarBoard calendar = new CalendarBoard(new UpgradeCalendar(Duration.ofHours(6)), Clock.systemUTC());
        NetworkBoard board = new NetworkBoard();
        List<Optional<CalendarView>> seenByTheWatcher = new CopyOnWriteArrayList<>();
        board.watch(view -> seenByTheWatcher.add(calendar.view(view.chainId())));

        new NetworkPublisher(calendar, () -> 100).publish(state, board);

        assertThat(seenByTheWatcher).singleElement().satisfies(seen -> assertThat(seen).as("the calendar of " + TestNetwork.CHAIN).isPresent());
    }
}
