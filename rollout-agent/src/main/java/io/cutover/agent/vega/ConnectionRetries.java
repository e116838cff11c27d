package io.cutover.agent.vega;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Visor's connection retries, counted in Visor's units: Visor asks the core for its upgrade status
 * once per 2 s tick, and gives up at the first failed call after {@code limit} failed ticks in a row
 * ({@code maxNumberOfFirstConnectionRetries} after a start, {@code maxNumberOfRestartConnectionRetries}
 * after a crash restart). The agent may ask more often; whatever its poll interval, it gives up when
 * a call fails {@code (limit + 1) × 2 s} after the node's start or its last good answer, as Visor does.
 */
final class ConnectionRetries {

    /** Visor's {@code upgradeAPICallTickerDuration}. */
    static final Duration TICK = Duration.ofSeconds(2);

    private final LongSupplier nanoTime;
    private long streakStart;
    private int limit;
    private boolean afterCrash;
    private boolean counting;

    ConnectionRetries(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The node was started: a new streak, with the limit that applies to this start. */
    synchronized void started(int limit, boolean afterCrash) {
        this.limit = limit;
        this.afterCrash = afterCrash;
        this.streakStart = nanoTime.getAsLong();
        this.counting = true;
    }

    /** The agent stopped the node: failed calls no longer count until it starts again. */
    synchronized void stopped() {
        counting = false;
    }

    /** A good answer: the streak starts again. */
    synchronized void answered() {
        streakStart = nanoTime.getAsLong();
    }

    /** The failed Visor ticks so far in this streak (0 during the first 2 s). */
    synchronized long failedTicks() {
        return (nanoTime.getAsLong() - streakStart) / TICK.toNanos();
    }

    /** A call failed now: whether the limit is used up (Visor would exit here). */
    synchronized boolean usedUp() {
        return counting && failedTicks() > limit;
    }

    synchronized int limit() {
        return limit;
    }

    /** The config key whose limit applies. */
    synchronized String key() {
        return afterCrash ? "maxNumberOfRestartConnectionRetries" : "maxNumberOfFirstConnectionRetries";
    }
}
