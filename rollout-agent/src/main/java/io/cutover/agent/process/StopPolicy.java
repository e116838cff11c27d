package io.cutover.agent.process;

import java.time.Duration;

/**
 * The stop sequence: wait {@code delay}, send {@code signal}, wait {@code signalTimeout}, SIGKILL.
 * Visor sends SIGTERM; Cosmovisor SIGINT when DAEMON_SHUTDOWN_GRACE is set, else SIGKILL at once
 * ({@link Signal#KILL}: no wait, no second signal).
 */
public record StopPolicy(Duration delay, Duration signalTimeout, Signal signal) {

    public enum Signal { TERM, INT, KILL }

    /** Visor's sequence: SIGTERM. */
    public StopPolicy(Duration delay, Duration signalTimeout) {
        this(delay, signalTimeout, Signal.TERM);
    }
}
