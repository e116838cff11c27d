package io.cutover.agent.vega;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.cutover.agent.domain.Target;
import io.cutover.core.proposal.ReleaseTag;

/**
 * What the agent makes of one UpgradeStatus reply of the Vega core (pure, no I/O): announce the
 * accepted release when it is a semver tag above the running release at a height still ahead;
 * withdraw a chain target the core no longer names; refuse, with the reason, what cannot be acted on.
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

    private UpgradeStatusRules() {
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
