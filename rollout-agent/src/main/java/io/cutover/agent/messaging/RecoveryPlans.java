package io.cutover.agent.messaging;

import io.cutover.agent.domain.RecoveryPlan;
import io.cutover.agent.domain.Target;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.RecoveryAction;

/** The recovery a verified recovery approval carries, as the agent acts on it. */
final class RecoveryPlans {

    private RecoveryPlans() {
    }

    static RecoveryPlan of(Approval approval) {
        boolean hotFix = approval.getRecovery().getAction() == RecoveryAction.RECOVERY_ACTION_HOT_FIX;
        Target fix = hotFix ? new Target(approval.getProposalId(), approval.getReleaseTag(), approval.getHeight(),
                approval.getArtifactsList().stream().map(a -> new Target.Artifact(a.getPlatform(), a.getSha256(), a.getUrl())).toList())
                : null;
        return new RecoveryPlan(approval.getProposalId(), approval.getRecovery().getUpgradeId(),
                hotFix ? RecoveryPlan.Action.HOT_FIX : RecoveryPlan.Action.RETURN, approval.getHeight(), fix,
                approval.getRecovery().getFailedReleaseTag());
    }
}
