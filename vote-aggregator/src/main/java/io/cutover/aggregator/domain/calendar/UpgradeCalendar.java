package io.cutover.aggregator.domain.calendar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.core.network.BlockTimes;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The calendar of upcoming upgrades over any number of networks.
 *
 * An upgrade's height is expected at {@code now + (height - network height) × block time}, give or
 * take {@code (height - network height) × spread + one block time} (the spread being the median
 * absolute deviation of the recent intervals, see {@link BlockTimes}), rounded up to whole seconds.
 * The first estimate made of an upgrade is remembered (in memory), and the drift is how far the
 * estimate moved since. A host is in conflict when agents on it belong to two networks whose
 * upgrades are expected within the conflict window of each other.
 */
public final class UpgradeCalendar {

    private final Duration conflictWindow;
    private final Map<String, Instant> firstEstimates = new HashMap<>();

    public UpgradeCalendar(Duration conflictWindow) {
        this.conflictWindow = conflictWindow;
    }

    /** The calendar of these networks at {@code now}; remembers each upgrade's first estimate. */
    public synchronized CalendarView view(List<CalendarInput> networks, Instant now) {
        List<CalendarView.Entry> entries = new ArrayList<>();
        for (CalendarInput input : networks) {
            input.network().upgrades().stream().filter(u -> !u.reached()).forEach(u -> entries.add(entry(input, u, now)));
        }
        firstEstimates.keySet().retainAll(entries.stream().map(CalendarView.Entry::key).toList());
        entries.sort(Comparator.comparing(CalendarView.Entry::estimatedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(CalendarView.Entry::chainId).thenComparingLong(CalendarView.Entry::height));
        return new CalendarView(entries, conflicts(networks, entries), conflictWindow.toSeconds());
    }

    /** When the network of {@code input} is expected at {@code height}: now + blocks left × block time; empty while unmeasured. */
    static Optional<Instant> estimate(CalendarInput input, long height, Instant now) {
        long networkHeight = input.network().networkHeight();
        if (input.blockTime().isEmpty() || networkHeight <= 0) {
            return Optional.empty();
        }
        return Optional.of(now.plus(input.blockTime().get().perBlock().multipliedBy(Math.max(0, height - networkHeight))));
    }

    private CalendarView.Entry entry(CalendarInput input, NetworkOverview.Upgrade u, Instant now) {
        NetworkOverview network = input.network();
        long networkHeight = network.networkHeight();
        long blockMillis = input.blockTime().map(b -> b.perBlock().toMillis()).orElse(0L);
        Instant estimatedAt = estimate(input, u.height(), now).orElse(null);
        long uncertainty = 0;
        if (estimatedAt != null) {
            BlockTimes.BlockTime blockTime = input.blockTime().get();
            long blocksLeft = Math.max(0, u.height() - networkHeight);
            Duration margin = blockTime.spread().multipliedBy(blocksLeft).plus(blockTime.perBlock());
            uncertainty = margin.toSeconds() + (margin.toNanosPart() > 0 ? 1 : 0);
        }
        String key = network.chainId() + "/" + u.proposalId();
        if (estimatedAt != null) {
            firstEstimates.putIfAbsent(key, estimatedAt);
        }
        Instant first = firstEstimates.get(key);
        Long drift = estimatedAt != null && first != null ? Duration.between(first, estimatedAt).toSeconds() : null;
        long readyPower = u.readinessBy() == NetworkOverview.ReadinessBy.VOTING_POWER ? u.readyPower() : 0;
        return new CalendarView.Entry(network.chainId(), u.proposalId(), u.releaseTag(), u.height(), u.origin(), networkHeight, blockMillis,
                estimatedAt, uncertainty, first, drift, readyPower, network.totalVotingPower(), network.approvalPower(),
                network.approvalThreshold(), network.approvalRule());
    }

    private List<CalendarView.Conflict> conflicts(List<CalendarInput> networks, List<CalendarView.Entry> entries) {
        Map<String, Map<String, Set<String>>> nodesByHostAndChain = new TreeMap<>();
        for (CalendarInput input : networks) {
            for (RolloutStatus agent : input.agents()) {
                if (!agent.getHost().isBlank()) {
                    nodesByHostAndChain.computeIfAbsent(agent.getHost(), h -> new TreeMap<>())
                            .computeIfAbsent(input.chainId(), c -> new TreeSet<>()).add(agent.getNode());
                }
            }
        }
        List<CalendarView.Conflict> conflicts = new ArrayList<>();
        nodesByHostAndChain.forEach((host, nodesByChain) -> {
            List<CalendarView.Entry> onHost = entries.stream()
                    .filter(e -> e.estimatedAt() != null && nodesByChain.containsKey(e.chainId())).toList();
            Set<String> upgrades = new TreeSet<>();
            Set<String> chains = new TreeSet<>();
            for (int i = 0; i < onHost.size(); i++) {
                for (int j = i + 1; j < onHost.size(); j++) {
                    CalendarView.Entry a = onHost.get(i);
                    CalendarView.Entry b = onHost.get(j);
                    if (!a.chainId().equals(b.chainId()) && Duration.between(a.estimatedAt(), b.estimatedAt()).abs().compareTo(conflictWindow) <= 0) {
                        upgrades.add(a.key());
                        upgrades.add(b.key());
                        chains.add(a.chainId());
                        chains.add(b.chainId());
                    }
                }
            }
            if (!upgrades.isEmpty()) {
                List<String> nodes = chains.stream().flatMap(c -> nodesByChain.get(c).stream()).distinct().sorted().toList();
                conflicts.add(new CalendarView.Conflict(host, List.copyOf(upgrades), nodes));
            }
        });
        return conflicts;
    }
}
