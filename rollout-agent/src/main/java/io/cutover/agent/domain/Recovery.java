package io.cutover.agent.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * The state machine's part for an approved recovery: an agent acts only for the upgrade it is
 * working on, once it reached the upgrade's height, while the chain has not gone past it. It then
 * reports RECOVERING until the recovered node's height passes H (RUNNING) or the recovery fails
 * (FAILED, the node stopped, with the reason).
 */
public final class Recovery {

    private Recovery() {
    }

    /** Why {@code plan} does not apply to {@code s} now; empty when it does. */
    public static Optional<String> refusal(RolloutState s, RecoveryPlan plan) {
        if (!ofThisUpgrade(s, plan)) {
            return Optional.of("this node is not working on upgrade " + plan.upgradeId());
        }
        if (s.phase() == Phase.RECOVERING) {
            return Optional.of("a recovery is under way");
        }
        if (s.haltedAtHeight() < plan.height() || s.phase().beforeHalt()) {
            return Optional.of("not yet reached: the node has not halted at height " + plan.height());
        }
        if (s.phase() == Phase.SWITCHING) {
            return Optional.of("the switch to " + plan.failedTag() + " is under way");
        }
        if (s.lastSeenHeight() > plan.height()) {
            return Optional.of("the chain is past height " + plan.height() + " (at " + s.lastSeenHeight() + ")");
        }
        return Optional.empty();
    }

    /**
     * Whether a refused {@code plan} may apply later without anything new arriving: the node works on
     * its upgrade and has not halted at H yet, is switching, or applies a recovery (which may fail).
     */
    public static boolean mayApplyLater(RolloutState s, RecoveryPlan plan) {
        return ofThisUpgrade(s, plan) && (s.phase() == Phase.RECOVERING || s.haltedAtHeight() < plan.height()
                || s.phase().beforeHalt() || s.phase() == Phase.SWITCHING);
    }

    private static boolean ofThisUpgrade(RolloutState s, RecoveryPlan plan) {
        return s.target() != null && s.target().proposalId().equals(plan.upgradeId())
                || plan.upgradeId().equals(s.lastCompleted()) && s.phase() == Phase.ROLLED_BACK;
    }

    /** The next state for a recovery's event, or null when the event is not the recovery's. */
    static RolloutState next(RolloutState s, Event event, Instant now) {
        if (event instanceof Event.RecoveryApproved e) {
            // not ready until the recovery switched: the failing release's last start outcome is not the recovery's
            return refusal(s, e.plan()).isEmpty() ? s.staged(false, s.stagedFolder()).error("").phase(Phase.RECOVERING, now) : s;
        }
        if (s.phase() != Phase.RECOVERING) {
            return event instanceof Event.RecoverySwitched || event instanceof Event.RecoveryFailed ? s : null;
        }
        if (event instanceof Event.RecoverySwitched e) {
            return s.running(e.folder(), s.runningRelease()).staged(true, e.folder());
        }
        if (event instanceof Event.RecoveryFailed e) {
            return s.error("recovery failed, the node is stopped: " + e.reason()).phase(Phase.FAILED, now);
        }
        if (!s.ready() && (event instanceof Event.StartedPastHeight || event instanceof Event.StartFailed)) {
            return s;
        }
        if (event instanceof Event.StartedPastHeight e) {
            return s.seen(e.height()).completed(e.switchoverMillis()).phase(Phase.RUNNING, now);
        }
        if (event instanceof Event.StartFailed e) {
            return s.error("recovery failed, the node is stopped: release " + s.runningRelease() + " failed to start: " + e.reason())
                    .phase(Phase.FAILED, now);
        }
        return null;
    }
}
