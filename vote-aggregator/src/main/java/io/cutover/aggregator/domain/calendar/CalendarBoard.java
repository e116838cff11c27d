package io.cutover.aggregator.domain.calendar;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.core.network.BlockTimes;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The calendar's inputs as committed, one per network served: each network's latest view and agents'
 * reports, and its block times measured from those reports' heights and times. Every publish also
 * computes the calendar, so that an upgrade's first estimate is the one made when it was approved or
 * first announced.
 */
public final class CalendarBoard {

    private final UpgradeCalendar calendar;
    private final Clock clock;
    private final Map<String, CalendarInput> inputs = new TreeMap<>();
    private final Map<String, BlockTimes> blockTimes = new HashMap<>();

    public CalendarBoard(UpgradeCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    /** A network's committed view and its agents' latest reports. */
    public synchronized void publish(NetworkOverview network, Collection<RolloutStatus> agents) {
        BlockTimes times = blockTimes.computeIfAbsent(network.chainId(), c -> new BlockTimes());
        agents.stream().filter(RolloutStatus::hasReportedAt)
                .sorted(Comparator.comparing(CalendarBoard::reportedAt).thenComparingLong(RolloutStatus::getHeight))
                .forEach(a -> times.observe(a.getHeight(), reportedAt(a)));
        inputs.put(network.chainId(), new CalendarInput(network, agents, times.current()));
        calendar.view(new ArrayList<>(inputs.values()), clock.instant());
    }

    private static Instant reportedAt(RolloutStatus agent) {
        return Instant.ofEpochSecond(agent.getReportedAt().getSeconds(), agent.getReportedAt().getNanos());
    }

    /** The chains with a committed view. */
    public synchronized Set<String> chains() {
        return Set.copyOf(inputs.keySet());
    }

    /** The calendar now: of every network when {@code chainId} is empty, else of that one; empty for a chain not served. */
    public synchronized Optional<CalendarView> view(String chainId) {
        CalendarView all = calendar.view(new ArrayList<>(inputs.values()), clock.instant());
        if (chainId == null || chainId.isEmpty()) {
            return Optional.of(all);
        }
        return inputs.containsKey(chainId) ? Optional.of(all.of(chainId)) : Optional.empty();
    }

    /**
     * When {@code chainId} is expected at {@code height}: now plus the blocks left at its measured block time
     * (the calendar's estimate); empty for a chain not served or while its block time is not measured.
     */
    public synchronized Optional<Instant> estimate(String chainId, long height) {
        CalendarInput input = inputs.get(chainId);
        if (input == null) {
            return Optional.empty();
        }
        return UpgradeCalendar.estimate(input, height, clock.instant());
    }

    /** The measured block time of a network served. */
    public synchronized Optional<BlockTimes.BlockTime> blockTime(String chainId) {
        return Optional.ofNullable(blockTimes.get(chainId)).flatMap(BlockTimes::current);
    }
}
