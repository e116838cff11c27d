package io.cutover.aggregator.domain.alert;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * @param leads          how long before an upgrade's estimated time a reminder goes out (e.g. 24 h and 6 h)
 * @param readinessLead  from this long before the estimated time, an approved upgrade whose ready power is short alerts
 * @param stallAfter     the network at the upgrade height this long without moving past it alerts
 */
public record AlertSettings(List<Duration> leads, Duration readinessLead, Duration stallAfter) {

    public AlertSettings {
        leads = leads.stream().distinct().sorted(Comparator.reverseOrder()).toList(); // longest first
    }
}
