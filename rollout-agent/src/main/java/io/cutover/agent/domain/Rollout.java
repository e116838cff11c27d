package io.cutover.agent.domain;

import java.time.Instant;

/**
 * The agent's state machine: one pure function from a state and an event to the next state.
 * Everything that acts (processes, files, HTTP, Kafka) lives outside and follows the phase.
 */
public final class Rollout {

    /**
     * @param maxNumberOfRestarts failed start attempts allowed after the first one
     * @param stagingRetried      the source keeps trying a failed staging while the upgrade is pending
     *                            (vega-core, as Visor fetches after the halt): a failed try is reported,
     *                            and a node halted meanwhile waits at H in HALTING, not FAILED
     */
    public record Policy(int maxNumberOfRestarts, boolean rollbackOnFailure, boolean stagingRetried) {

        public Policy(int maxNumberOfRestarts, boolean rollbackOnFailure) {
            this(maxNumberOfRestarts, rollbackOnFailure, false);
        }
    }

    private Rollout() {
    }

    public static RolloutState next(RolloutState s, Event event, Instant now, Policy policy) {
        RolloutState recovery = Recovery.next(s, event, now);
        if (recovery != null) {
            return recovery;
        }
        if (event instanceof Event.TargetAnnounced e) {
            return approval(s, e.target(), now);
        }
        if (event instanceof Event.TargetWithdrawn e) {
            return cancelled(s, e, now);
        }
        if (event instanceof Event.TargetRefused e) {
            return s.error(e.proposalId() + " refused: " + e.reason());
        }
        if (event instanceof Event.StagingStarted) {
            // also when the node crashed for good between the announcement and the staging: the release is still needed
            boolean unstaged = s.phase() == Phase.FAILED && pendingBeforeHalt(s) && !s.ready() && s.stagedFolder() == null;
            return s.phase() == Phase.SCHEDULED || unstaged ? s.phase(Phase.STAGING, now) : s;
        }
        if (event instanceof Event.Staged e) {
            return staged(s, e, now);
        }
        if (event instanceof Event.StagingFailed e) {
            return stagingFailed(s, e, now);
        }
        if (event instanceof Event.HeightReached e) {
            return heightReached(s.seen(e.height()), now);
        }
        if (event instanceof Event.Halted e) {
            return s.phase() == Phase.HALTING ? halted(s.halted(e.height()), now, policy) : s;
        }
        if (event instanceof Event.Switched) {
            return s.phase() == Phase.SWITCHING
                    ? s.running(s.stagedFolder(), s.runningRelease()).attempts(0).phase(Phase.STARTING, now) : s;
        }
        if (event instanceof Event.SwitchFailed e) {
            return s.phase() == Phase.SWITCHING
                    ? s.error("switch to " + s.target().tag() + " failed, the node is stopped at height " + s.haltedAtHeight()
                            + ": " + e.reason()).phase(Phase.FAILED, now) : s;
        }
        if (event instanceof Event.StartedPastHeight e) {
            return s.phase() == Phase.STARTING
                    ? s.seen(e.height()).completed(e.switchoverMillis()).phase(Phase.RUNNING, now) : s;
        }
        if (event instanceof Event.StartFailed e) {
            return startFailed(s, e, now, policy);
        }
        if (event instanceof Event.RetryDue) {
            return s.phase() == Phase.RETRYING ? s.phase(Phase.STARTING, now) : s;
        }
        if (event instanceof Event.NodeCrashed e) {
            return e.willRestart()
                    ? s.restarted().error(e.reason())
                    : s.error(e.reason() + "; restart budget exhausted, the node is stopped").phase(Phase.FAILED, now);
        }
        if (event instanceof Event.RollbackFailed e) {
            return s.error("rollback failed, the node is stopped: " + e.reason()).phase(Phase.FAILED, now);
        }
        if (event instanceof Event.ReleaseInForce e) {
            return s.phase() == Phase.RUNNING && s.target() == null ? s.onRelease(e.folder()) : s;
        }
        if (event instanceof Event.Resumed) {
            return resumed(s, now);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** An upgrade is pending and the node has not been halted for it (FAILED here means "not staged"). */
    public static boolean pendingBeforeHalt(RolloutState s) {
        return s.target() != null && (s.phase().beforeHalt()
                || (s.phase() == Phase.FAILED && s.haltedAtHeight() < s.target().height()));
    }

    private static RolloutState approval(RolloutState s, Target t, Instant now) {
        // A chain's own upgrade halts the node at H by itself (its height stays H while it waits), so a
        // target the chain announces at the node's height is still ahead; an approval there is too late.
        boolean passed = t.origin() == Target.Origin.CHAIN ? t.height() < s.lastSeenHeight() : t.height() <= s.lastSeenHeight();
        if (passed || t.proposalId().equals(s.lastCompleted())) {
            return s;
        }
        boolean idle = s.target() == null
                && (s.phase() == Phase.RUNNING || s.phase() == Phase.ROLLED_BACK || s.phase() == Phase.FAILED);
        boolean replaces = pendingBeforeHalt(s) && !t.proposalId().equals(s.target().proposalId())
                && t.height() <= s.target().height();
        if (idle || replaces) {
            return s.target(t).error("").phase(Phase.SCHEDULED, now);
        }
        return s;
    }

    private static RolloutState cancelled(RolloutState s, Event.TargetWithdrawn e, Instant now) {
        if (pendingBeforeHalt(s) && s.target().proposalId().equals(e.proposalId())) {
            return s.target(null).error("").phase(Phase.RUNNING, now);
        }
        return s;
    }

    /** Staging results matter only until the switch: later ones are stale. */
    private static boolean awaitsStaging(RolloutState s, String proposalId) {
        return s.target() != null && s.target().proposalId().equals(proposalId)
                && (s.phase().beforeHalt() || s.phase() == Phase.HALTING || s.phase() == Phase.FAILED);
    }

    private static RolloutState staged(RolloutState s, Event.Staged e, Instant now) {
        if (!awaitsStaging(s, e.proposalId())) {
            return s;
        }
        RolloutState ready = s.staged(true, e.folder()).error(e.note());
        boolean alreadyHalted = s.haltedAtHeight() >= s.target().height();
        if (s.phase() == Phase.STAGING || (s.phase() == Phase.FAILED || s.phase() == Phase.HALTING) && alreadyHalted) {
            return ready.phase(alreadyHalted ? Phase.SWITCHING : Phase.READY, now);
        }
        return ready;
    }

    private static RolloutState stagingFailed(RolloutState s, Event.StagingFailed e, Instant now) {
        if (!awaitsStaging(s, e.proposalId())) {
            return s;
        }
        RolloutState notReady = s.staged(false, null).error("release " + s.target().tag() + " cannot be staged: " + e.reason());
        boolean waiting = s.phase() == Phase.STAGING || s.phase() == Phase.READY;
        if (s.phase() == Phase.HALTING && s.haltedAtHeight() >= s.target().height()) {
            return haltedNotReady(notReady, now);
        }
        return waiting ? notReady.phase(Phase.FAILED, now) : notReady;
    }

    private static RolloutState heightReached(RolloutState s, Instant now) {
        if (pendingBeforeHalt(s) && s.lastSeenHeight() >= s.target().height() - 1) {
            return s.phase(Phase.HALTING, now);
        }
        return s;
    }

    private static RolloutState halted(RolloutState s, Instant now, Policy policy) {
        if (s.phase() != Phase.HALTING) {
            return s;
        }
        if (s.ready()) {
            return s.phase(Phase.SWITCHING, now);
        }
        if (s.lastError().isEmpty() || policy.stagingRetried()) {
            return s; // staging is still running (or tried again): the node stays stopped at H until its result
        }
        return haltedNotReady(s, now);
    }

    private static RolloutState haltedNotReady(RolloutState s, Instant now) {
        return s.error("node halted at height " + s.haltedAtHeight() + " and STOPPED; release " + s.target().tag()
                + " is not ready: " + s.lastError() + ". Install it and restart the agent.").phase(Phase.FAILED, now);
    }

    private static RolloutState startFailed(RolloutState s, Event.StartFailed e, Instant now, Policy policy) {
        if (s.phase() != Phase.STARTING) {
            return s;
        }
        RolloutState failed = s.error("release " + s.runningRelease() + " failed to start (attempt " + (s.attempts() + 1)
                + "): " + e.reason());
        if (s.attempts() < policy.maxNumberOfRestarts()) {
            return failed.attempts(s.attempts() + 1).phase(Phase.RETRYING, now);
        }
        if (policy.rollbackOnFailure() && !e.producedBlocks() && s.previousRelease() != null) {
            return failed.running(s.previousRelease(), s.runningRelease()).completed(0)
                    .error(failed.lastError() + "; rolled back to " + s.previousRelease()).phase(Phase.ROLLED_BACK, now);
        }
        String unsafe = e.producedBlocks() ? " (it produced blocks past the height, so rollback is unsafe)" : "";
        return failed.error(failed.lastError() + "; start budget exhausted, the node is stopped" + unsafe).phase(Phase.FAILED, now);
    }

    private static RolloutState resumed(RolloutState s, Instant now) {
        if (s.phase() != Phase.FAILED) {
            return s;
        }
        if (s.target() == null) {
            return s.phase(Phase.RUNNING, now);
        }
        if (s.haltedAtHeight() < s.target().height()) {
            return s.phase(Phase.SCHEDULED, now);
        }
        boolean switched = s.stagedFolder() != null && s.stagedFolder().equals(s.runningRelease());
        return switched ? s.attempts(0).phase(Phase.STARTING, now) : s.phase(Phase.STAGING, now);
    }
}
