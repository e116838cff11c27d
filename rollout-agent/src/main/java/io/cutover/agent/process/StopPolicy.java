package io.cutover.agent.process;

import java.time.Duration;

/**
 * The stop sequence: wait {@code delay}, send {@code signal}, wait {@code signalTimeout}, SIGKILL.
 * Visor sends SIGTERM; Cosmovisor SIGINT (then DAEMON_SHUTDOWN_GRACE).
 */
public record StopPolicy(Duration delay, Duration signalTimeout, Signal signal) {

    public enum Signal { TERM, INT }

    /** Visor's sequence: SIGTERM. */
    public StopPolicy(Duration delay, Duration signalTimeout) {
        this(delay, signalTimeout, Signal.TERM);
    }
}
