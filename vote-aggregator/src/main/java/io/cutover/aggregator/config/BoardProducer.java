package io.cutover.aggregator.config;

import java.time.Clock;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.aggregator.domain.calendar.UpgradeCalendar;

/** Makes the plain domain classes injectable. */
public class BoardProducer {

    @Produces
    @Singleton
    ProposalBoard board() {
        return new ProposalBoard();
    }

    @Produces
    @Singleton
    NetworkBoard network() {
        return new NetworkBoard();
    }

    @Produces
    @Singleton
    CalendarBoard calendar(CalendarConfig config) {
        return new CalendarBoard(new UpgradeCalendar(config.conflictWindow()), Clock.systemUTC());
    }
}
