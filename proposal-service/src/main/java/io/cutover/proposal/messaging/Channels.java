package io.cutover.proposal.messaging;

/** The messaging channels this service consumes (configured in application.properties). */
public final class Channels {

    /** upgrade.approvals: approved and cancelled upgrades, which advance the current release. */
    public static final String APPROVALS = "approvals";
    /** rollout.status: agents' reports, the source of the network height when cutover.height.source=agents. */
    public static final String ROLLOUT_STATUS = "rollout-status";

    private Channels() {
    }
}
