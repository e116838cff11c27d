package io.cutover.agent.domain;

import java.time.Instant;

/**
 * Everything the agent must remember across a crash (it is state.json).
 *
 * @param runningRelease   the release folder {@code current} points to ("genesis", "v1.1.0")
 * @param previousRelease  the folder before the last switch, for a rollback
 * @param target           the pending or in-progress upgrade, or null
 * @param stagedFolder     the verified folder of the target, once staged
 * @param attempts         failed start attempts of the target release
 * @param restarts         restarts of the node since the agent's home was created
 * @param lastCompleted    the proposal id of the last upgrade that finished (never acted on twice)
 * @param lastSeenHeight   the node's last known height (approvals at or below it have passed)
 */
public record RolloutState(
        Phase phase,
        Instant phaseSince,
        String runningRelease,
        String previousRelease,
        Target target,
        boolean ready,
        String stagedFolder,
        int attempts,
        int restarts,
        String lastError,
        long haltedAtHeight,
        long switchoverMillis,
        String lastCompleted,
        long lastSeenHeight) {

    public static RolloutState initial(String runningRelease, Instant now) {
        return new RolloutState(Phase.RUNNING, now, runningRelease, null, null, false, null, 0, 0, "", 0, 0, null, 0);
    }

    RolloutState phase(Phase next, Instant now) {
        return new RolloutState(next, next == phase ? phaseSince : now, runningRelease, previousRelease, target, ready,
                stagedFolder, attempts, restarts, lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState target(Target next) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, next, false, null, 0, restarts,
                lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState staged(boolean isReady, String folder) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, isReady, folder, attempts,
                restarts, lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState error(String message) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, ready, stagedFolder, attempts,
                restarts, message, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState attempts(int n) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, ready, stagedFolder, n,
                restarts + (n > attempts ? 1 : 0), lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState restarted() {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, ready, stagedFolder, attempts,
                restarts + 1, lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState halted(long height) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, ready, stagedFolder, attempts,
                restarts, lastError, height, switchoverMillis, lastCompleted, Math.max(lastSeenHeight, height));
    }

    RolloutState running(String release, String previous) {
        return new RolloutState(phase, phaseSince, release, previous, target, ready, stagedFolder, attempts, restarts,
                lastError, haltedAtHeight, switchoverMillis, lastCompleted, lastSeenHeight);
    }

    RolloutState completed(long millis) {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, null, false, null, 0, restarts, "",
                haltedAtHeight, millis, target == null ? lastCompleted : target.proposalId(), lastSeenHeight);
    }

    /** A node with no upgrade under way that now runs {@code release} ({@code current} was re-pointed outside an upgrade). */
    public RolloutState onRelease(String release) {
        return running(release, runningRelease);
    }

    public RolloutState seen(long height) {
        return height <= lastSeenHeight ? this : new RolloutState(phase, phaseSince, runningRelease, previousRelease, target,
                ready, stagedFolder, attempts, restarts, lastError, haltedAtHeight, switchoverMillis, lastCompleted, height);
    }

    /** The same state without the height, to tell a real change from a new block. */
    public RolloutState withoutHeight() {
        return new RolloutState(phase, phaseSince, runningRelease, previousRelease, target, ready, stagedFolder, attempts,
                restarts, lastError, haltedAtHeight, switchoverMillis, lastCompleted, 0);
    }
}
