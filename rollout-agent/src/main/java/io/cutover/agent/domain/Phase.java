package io.cutover.agent.domain;

/**
 * Where the agent stands with its node. The usual path is
 * RUNNING → SCHEDULED → STAGING → READY → HALTING → SWITCHING → STARTING → RUNNING (new release);
 * RETRYING, FAILED and ROLLED_BACK are the ways out when something goes wrong.
 */
public enum Phase {
    /** The node runs the release in {@code current}; no upgrade pending. */
    RUNNING,
    /** A verified approval is pending; staging is about to begin. */
    SCHEDULED,
    /** Finding or downloading the release, checking its SHA-256 and its version. */
    STAGING,
    /** The release is staged and verified; waiting for the height. */
    READY,
    /** The height is (nearly) reached: the node is being halted at exactly H and stopped. */
    HALTING,
    /** The node is stopped at H; {@code current} is being re-pointed. */
    SWITCHING,
    /**
     * The new release is started from H and watched until its height moves past H. Alive and
     * answering it is healthy, also while the chain waits at H for more than 2/3 of the power
     * ({@link StartedRelease}); it is retried only when it exits, never answers, or stops answering.
     */
    STARTING,
    /** The new release failed to start; waiting {@code restartsDelaySeconds} before trying again. */
    RETRYING,
    /** Needs an operator: see last_error. The node may be stopped (the error says so). */
    FAILED,
    /** The new release never moved past H; the previous release runs again. */
    ROLLED_BACK,
    /** Applying a recovery the validators approved for an upgrade that failed at H (a hot-fix or a return); see {@link Recovery}. */
    RECOVERING;

    /** An upgrade is pending and the node has not been halted for it yet. */
    public boolean beforeHalt() {
        return this == SCHEDULED || this == STAGING || this == READY;
    }
}
