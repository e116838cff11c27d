package io.cutover.core.network;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A network's measured block time from the heights an observer sees and when it sees them. Each
 * distinct height keeps the earliest time it was seen; the block time is the median, over the
 * consecutive pairs of the last {@code window} heights, of the elapsed time divided by the height
 * delta, so an observer that sees every fifth block still measures one block's time. A height below the
 * highest seen that was not seen before (a node catching up, a late report) is not a new block and is
 * ignored. Not thread-safe.
 */
public final class BlockTimes {

    /** The median milliseconds per block and how many intervals it was taken over. */
    public record Estimate(long millisPerBlock, int samples) {
    }

    private final int window;
    private final TreeMap<Long, Instant> firstSeen = new TreeMap<>();

    /** @param window how many recent distinct heights to keep (at least 2) */
    public BlockTimes(int window) {
        if (window < 2) {
            throw new IllegalArgumentException("a block time needs at least two heights; window = " + window);
        }
        this.window = window;
    }

    /** Records that {@code height} was seen at {@code at}; an earlier sighting of the same height stays. */
    public void add(long height, Instant at) {
        if (!firstSeen.isEmpty() && height < firstSeen.lastKey() && !firstSeen.containsKey(height)) {
            return;
        }
        firstSeen.merge(height, at, (old, now) -> now.isBefore(old) ? now : old);
        while (firstSeen.size() > window) {
            firstSeen.pollFirstEntry();
        }
    }

    /** The median time per block; empty until two heights were seen with time passing between them. */
    public Optional<Estimate> estimate() {
        List<Double> perBlock = new ArrayList<>();
        Iterator<Map.Entry<Long, Instant>> it = firstSeen.entrySet().iterator();
        Map.Entry<Long, Instant> previous = it.hasNext() ? it.next() : null;
        while (it.hasNext()) {
            Map.Entry<Long, Instant> next = it.next();
            long elapsed = Duration.between(previous.getValue(), next.getValue()).toMillis();
            if (elapsed > 0) {
                perBlock.add((double) elapsed / (next.getKey() - previous.getKey()));
            }
            previous = next;
        }
        if (perBlock.isEmpty()) {
            return Optional.empty();
        }
        perBlock.sort(null);
        int n = perBlock.size();
        double median = n % 2 == 1 ? perBlock.get(n / 2) : (perBlock.get(n / 2 - 1) + perBlock.get(n / 2)) / 2;
        return Optional.of(new Estimate(Math.round(median), n));
    }
}
