package io.cutover.agent.process;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How many times a crashed node may still be restarted: {@code max} restarts, and the count
 * recovers once the node has stayed up for {@code healthyPeriod} (Visor's counter never did).
 */
public final class RestartBudget {

    private volatile int max;
    private final Duration healthyPeriod;
    private final Clock clock;
    private int used;
    private Instant lastStart;

    public RestartBudget(int max, Duration healthyPeriod, Clock clock) {
        this.max = max;
        this.healthyPeriod = healthyPeriod;
        this.clock = clock;
        this.lastStart = clock.instant();
    }

    /** A new limit (config.toml reloaded). */
    public void max(int max) {
        this.max = max;
    }

    /** The process (re)started now. */
    public synchronized void started() {
        lastStart = clock.instant();
    }

    /** Called when the process crashed: true (and one restart used) if it may be restarted. */
    public synchronized boolean tryRestart() {
        if (Duration.between(lastStart, clock.instant()).compareTo(healthyPeriod) >= 0) {
            used = 0;
        }
        if (used >= max) {
            return false;
        }
        used++;
        return true;
    }

    public synchronized int used() {
        return used;
    }

    public synchronized void reset() {
        used = 0;
    }
}
