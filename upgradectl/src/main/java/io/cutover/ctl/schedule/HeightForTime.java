package io.cutover.ctl.schedule;

import java.time.Duration;
import java.time.Instant;

import io.cutover.ctl.output.Durations;

/**
 * The block height expected at a wall-clock time, from the network height now and its measured block
 * time: {@code height + round((at - now) / block time)}.
 *
 * The uncertainty counts what the measurement itself leaves open: each block ahead may be off by the
 * spread of the recent intervals (their median absolute deviation) and, the block time being known to
 * the millisecond, by half a millisecond more; plus one block for where in its block the time falls.
 * Changes of the block time after today are not foreseeable; the calendar's drift shows them.
 */
public final class HeightForTime {

    private HeightForTime() {
    }

    /** What {@link #plan} decided. */
    public sealed interface Outcome {
    }

    /**
     * The height to sign.
     *
     * @param expectedAt when that height is expected (the requested time, to the nearest block)
     */
    public record Planned(long height, Instant expectedAt, Duration uncertainty, long blockTimeMillis, long samples) implements Outcome {
    }

    /** Why no height is planned. */
    public record Refused(Why why, String message) implements Outcome {
    }

    /** The kinds of refusal. */
    public enum Why {
        /** The time is not in the future. */
        IN_THE_PAST,
        /** The height would be less than the network's minimum lead ahead. */
        TOO_SOON,
        /** The network has not measured its block time yet. */
        BLOCK_TIME_UNKNOWN
    }

    /**
     * @param blockTimeMillis the measured block time, {@code spreadMillis} how far recent intervals stray from it,
     *                        {@code samples} the blocks the measurement spans (0: not measured)
     */
    public static Outcome plan(Instant at, Instant now, long networkHeight, long blockTimeMillis, long spreadMillis, long samples,
            long minLeadBlocks) {
        if (!at.isAfter(now)) {
            return new Refused(Why.IN_THE_PAST, at + " is in the past (it is " + now + " now)");
        }
        if (blockTimeMillis <= 0 || samples <= 0 || networkHeight <= 0) {
            return new Refused(Why.BLOCK_TIME_UNKNOWN, "the network's block time is not measured yet (block time "
                    + blockTimeMillis + " ms over " + samples + " blocks, network height " + networkHeight
                    + "), so no height can be computed for a time; give --height instead, or try again once nodes report blocks");
        }
        long ahead = Duration.between(now, at).toMillis();
        long blocks = Math.round((double) ahead / blockTimeMillis);
        if (blocks < minLeadBlocks) {
            Duration lead = Duration.ofMillis(minLeadBlocks * blockTimeMillis);
            return new Refused(Why.TOO_SOON, at + " is too soon for the minimum lead of " + minLeadBlocks + " blocks (~"
                    + Durations.words(lead) + "): it is only " + blocks + " blocks ahead of height " + networkHeight);
        }
        Instant expected = now.plusMillis(blocks * blockTimeMillis);
        Duration uncertainty = Duration.ofMillis(blocks * spreadMillis + (blocks + 1) / 2 + blockTimeMillis);
        return new Planned(networkHeight + blocks, expected, uncertainty, blockTimeMillis, samples);
    }
}
