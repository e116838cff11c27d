package io.cutover.aggregator.config;

import java.time.Clock;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.aggregator.domain.calendar.UpgradeCalendar;

/** Makes the calendar (one for every network served) injectable. */
public class BoardProducer {

    @Produces
    @Singleton
    CalendarBoard calendar(CalendarConfig config) {
        return new CalendarBoard(new UpgradeCalendar(config.conflictWindow()), Clock.systemUTC());
    }
}
