package io.cutover.aggregator.domain.calendar;

import java.time.Instant;
import java.util.List;

import io.cutover.aggregator.domain.NetworkOverview;

/**
 * Every upcoming upgrade of the networks served, soonest first, and the hosts where two networks'
 * upgrades are expected within {@code conflictWindowSeconds} of each other.
 */
public record CalendarView(List<Entry> entries, List<Conflict> conflicts, long conflictWindowSeconds) {

    public CalendarView {
        entries = List.copyOf(entries);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * One upcoming upgrade.
     *
     * @param upgradeId           a proposal id, or "&lt;tag&gt;@&lt;height&gt;" for one announced by the chain
     * @param networkHeight       the network's height now; 0 while unknown
     * @param blockTimeMillis     the measured block time; 0 while unmeasured
     * @param estimatedAt         when the height is expected; null while the block time or the height is unknown
     * @param uncertaintySeconds  how far {@code estimatedAt} may be off either way
     * @param estimatedAtApproval the first estimate made after the upgrade was approved or announced; null before one
     * @param driftSeconds        {@code estimatedAt} minus {@code estimatedAtApproval} (positive: later); null unless both are known
     * @param readyPower          voting power of the validators whose agents report the release staged and verified
     * @param requiredPower       the smallest voting power that meets the threshold
     */
    public record Entry(String chainId, String upgradeId, String releaseTag, long height, NetworkOverview.Origin origin, long networkHeight,
            long blockTimeMillis, Instant estimatedAt, long uncertaintySeconds, Instant estimatedAtApproval, Long driftSeconds,
            long readyPower, long totalPower, long requiredPower, String threshold, String approvalRule) {

        /** "&lt;chain&gt;/&lt;upgrade id&gt;", how a conflict names it. */
        public String key() {
            return chainId + "/" + upgradeId;
        }
    }

    /**
     * A host where upgrades of two (or more) networks are expected within the window of each other.
     *
     * @param upgrades "&lt;chain&gt;/&lt;upgrade id&gt;" of each upgrade involved
     * @param nodes    the nodes on the host of the networks involved
     */
    public record Conflict(String host, List<String> upgrades, List<String> nodes) {

        public Conflict {
            upgrades = List.copyOf(upgrades);
            nodes = List.copyOf(nodes);
        }
    }

    /** The part of this calendar about one network. */
    public CalendarView of(String chainId) {
        String prefix = chainId + "/";
        return new CalendarView(entries.stream().filter(e -> e.chainId().equals(chainId)).toList(),
                conflicts.stream().filter(c -> c.upgrades().stream().anyMatch(u -> u.startsWith(prefix))).toList(), conflictWindowSeconds);
    }
}
