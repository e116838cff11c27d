package io.cutover.core.network;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A network's block time, measured from (height, time) observations such as agents' reports.
 *
 * Only an observation of a height above every height seen so far is kept: it is the first time that
 * height was seen. Repeated heights (several agents at the same block, one agent reporting twice) and
 * lower ones (a node catching up) add nothing. Between two kept observations the time per block is the
 * elapsed time divided by the height difference, so gaps between reports count right. The block time
 * is the median of the most recent such intervals; their spread is the median absolute deviation
 * from that median.
 */
public final class BlockTimes {

    /** How many recent intervals the median is taken over, unless told otherwise. */
    public static final int DEFAULT_INTERVALS = 100;

    private final int maxIntervals;
    private final Deque<Observation> kept = new ArrayDeque<>();

    public BlockTimes() {
        this(DEFAULT_INTERVALS);
    }

    public BlockTimes(int maxIntervals) {
        if (maxIntervals < 1) {
            throw new IllegalArgumentException("maxIntervals must be at least 1, was " + maxIntervals);
        }
        this.maxIntervals = maxIntervals;
    }

    /**
     * The measured block time.
     *
     * @param perBlock the median time per block
     * @param spread   the median absolute deviation of the intervals' time per block from {@code perBlock}
     * @param blocks   how many blocks the intervals span together
     */
    public record BlockTime(Duration perBlock, Duration spread, long blocks) {
    }

    private record Observation(long height, Instant at) {
    }

    /** Takes note that the network was at {@code height} at {@code at}; ignored unless the height is new. */
    public synchronized void observe(long height, Instant at) {
        if (height <= 0 || at == null) {
            return;
        }
        Observation last = kept.peekLast();
        if (last != null && (height <= last.height() || !at.isAfter(last.at()))) {
            return;
        }
        kept.addLast(new Observation(height, at));
        while (kept.size() > maxIntervals + 1) {
            kept.removeFirst();
        }
    }

    /** The block time, once two heights have been seen; empty before. */
    public synchronized Optional<BlockTime> current() {
        if (kept.size() < 2) {
            return Optional.empty();
        }
        List<Long> nanosPerBlock = new ArrayList<>();
        long blocks = 0;
        Iterator<Observation> it = kept.iterator();
        Observation previous = it.next();
        while (it.hasNext()) {
            Observation next = it.next();
            long delta = next.height() - previous.height();
            nanosPerBlock.add(Duration.between(previous.at(), next.at()).toNanos() / delta);
            blocks += delta;
            previous = next;
        }
        long median = median(nanosPerBlock);
        long spread = median(nanosPerBlock.stream().map(n -> Math.abs(n - median)).toList());
        return Optional.of(new BlockTime(Duration.ofNanos(median), Duration.ofNanos(spread), blocks));
    }

    /** The median; of an even count, the mean of the two middle values. */
    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
