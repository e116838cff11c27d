package io.cutover.agent.vega;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.cutover.agent.domain.Target;
import io.cutover.core.proposal.ReleaseTag;

/**
 * What the agent makes of one UpgradeStatus reply of the Vega core (pure, no I/O): announce the
 * accepted release when it is a semver tag above the running release at a height still ahead;
 * withdraw a chain target the core no longer names; refuse, with the reason, what cannot be acted on;
 * and whether the core is at the halt point of the upgrade ({@link #halt}).
 */
public final class UpgradeStatusRules {

    /** One thing to tell the agent. */
    public sealed interface Action {
    }

    public record Announce(String tag, long height) implements Action {
    }

    public record Withdraw(String targetId, long height, String why) implements Action {
    }

    public record Refuse(String targetId, String reason) implements Action {
    }

    /** Where the core stands with respect to the halt point of a target. */
    public enum Halt {
        /** ReadyToUpgrade for the target: the core took its snapshot at H, stopped CometBFT and its data node is at H. */
        READY,
        /**
         * The core answered at exactly H from its first answer after the agent started it: it had reached H
         * (and taken its upgrade snapshot there) before that start. Restarted at H without the snapshot
         * flag, the core loads that snapshot and never reports ReadyToUpgrade again, so it is halted at H.
         */
        HALTED_BEFORE_RESTART,
        /** ReadyToUpgrade, but for another release or height than the target. */
        READY_FOR_ANOTHER,
        /** Not at the halt point (yet). */
        NOT_YET
    }

    private UpgradeStatusRules() {
    }

    /**
     * Whether the core is at the halt point of {@code target}. A core that merely reaches H while it
     * runs is not: it must finish its snapshot and wait for its data node, and says so with
     * ReadyToUpgrade.
     *
     * @param firstHeightSinceStart the height of the node's first answer after the agent last started it
     *                              (empty before it answered)
     */
    public static Halt halt(AdminRpc.UpgradeStatus status, Target target, OptionalLong firstHeightSinceStart) {
        boolean atTarget = status.accepted().map(a -> a.height() == target.height() && a.tag().equals(target.tag())).orElse(false);
        if (status.readyToUpgrade()) {
            return atTarget ? Halt.READY : Halt.READY_FOR_ANOTHER;
        }
        if (atTarget && firstHeightSinceStart.isPresent() && firstHeightSinceStart.getAsLong() == target.height()) {
            return Halt.HALTED_BEFORE_RESTART;
        }
        return Halt.NOT_YET;
    }

    /** The target id of a chain-announced release: Vega's proposal id "&lt;tag&gt;@&lt;height&gt;". */
    public static String targetId(String tag, long height) {
        return tag + "@" + height;
    }

    /**
     * @param pending    the target the agent works towards, if any
     * @param nodeHeight the node's latest height
     * @param running    the release tag the node runs
     */
    public static List<Action> decide(AdminRpc.UpgradeStatus status, Optional<Target> pending, long nodeHeight, String running) {
        List<Action> actions = new ArrayList<>();
        if (status.accepted().isEmpty()) {
            return actions; // before the core's first block: nothing is known yet
        }
        AdminRpc.UpgradeStatus.Accepted accepted = status.accepted().get();
        Optional<Target> chainTarget = pending.filter(t -> t.origin() == Target.Origin.CHAIN);
        if (accepted.none() || accepted.tag().isEmpty() || accepted.height() == 0) {
            if (chainTarget.isPresent() && !status.readyToUpgrade()) {
                actions.add(new Withdraw(chainTarget.get().proposalId(), chainTarget.get().height(),
                        "the core no longer names an accepted release (AcceptedReleaseInfo is empty): the upgrade was withdrawn"));
            }
            if (!accepted.none()) {
                actions.add(new Refuse(targetId(accepted.tag(), accepted.height()),
                        "AcceptedReleaseInfo needs both VegaReleaseTag and UpgradeBlockHeight, found \"" + accepted.tag() + "\" at "
                                + accepted.height()));
            }
            return actions;
        }
        String id = targetId(accepted.tag(), accepted.height());
        if (chainTarget.isPresent() && chainTarget.get().proposalId().equals(id)) {
            return actions;
        }
        if (chainTarget.isPresent()) {
            actions.add(new Withdraw(chainTarget.get().proposalId(), chainTarget.get().height(), "the core now accepts " + id + " instead"));
        }
        Optional<ReleaseTag> tag = ReleaseTag.parse(accepted.tag());
        Optional<ReleaseTag> runningTag = ReleaseTag.parse(running);
        if (tag.isEmpty()) {
            actions.add(new Refuse(id, "VegaReleaseTag \"" + accepted.tag() + "\" is not a semantic version"));
        } else if (runningTag.isPresent() && tag.get().sameVersionAs(runningTag.get())) {
            return actions; // the node already runs it: an upgrade that has taken place
        } else if (runningTag.isPresent() && tag.get().compareTo(runningTag.get()) < 0) {
            actions.add(new Refuse(id, "release " + accepted.tag() + " is not above the running release " + running));
        } else if (accepted.height() <= nodeHeight && !status.readyToUpgrade()) {
            actions.add(new Refuse(id, "UpgradeBlockHeight " + accepted.height() + " is at or below the node's height " + nodeHeight));
        } else {
            actions.add(new Announce(accepted.tag(), accepted.height()));
        }
        return actions;
    }
}
