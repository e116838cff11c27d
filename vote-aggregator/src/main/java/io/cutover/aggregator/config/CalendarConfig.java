package io.cutover.aggregator.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the calendar of upcoming upgrades ({@code GET /api/v1/calendar}, GetCalendar). */
@ConfigMapping(prefix = "cutover.calendar")
public interface CalendarConfig {

    /**
     * Two networks' upgrades expected within this time of each other on one host (agents report their
     * host) are flagged as a conflict: they compete for the host's disk and CPU.
     */
    @WithDefault("6h")
    Duration conflictWindow();
}
