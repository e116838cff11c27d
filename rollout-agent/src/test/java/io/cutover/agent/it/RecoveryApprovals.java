package io.cutover.agent.it;

import java.util.List;

import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;

/**
 * Recovery approvals as the vote aggregator publishes them: under the failed upgrade's key, with a
 * certificate of real upgrade_recovery transactions signed by the given keys.
 */
public final class RecoveryApprovals {

    private RecoveryApprovals() {
    }

    /** A HOT_FIX of {@code failed} (the failed approval) to {@code fixTag} with this platform's SHA-256. */
    public static Approval hotFix(SimNetwork network, Approval failed, String fixTag, String fixSha256, List<TransactionSigner> signers) {
        List<ReleaseArtifact> artifacts = List.of(ReleaseArtifact.newBuilder().setPlatform(SimNetwork.PLATFORM).setSha256(fixSha256).build());
        UpgradeRecovery recovery = UpgradeRecovery.newBuilder().setUpgradeId(failed.getProposalId())
                .setHotFix(HotFix.newBuilder().setVegaReleaseTag(fixTag).addAllArtifacts(artifacts)).build();
        return network.publish(approval(network, failed, recovery, signers).setReleaseTag(fixTag).addAllArtifacts(artifacts).build());
    }

    /** A RETURN of {@code failed} to the release before it. */
    public static Approval giveBack(SimNetwork network, Approval failed, List<TransactionSigner> signers) {
        UpgradeRecovery recovery = UpgradeRecovery.newBuilder().setUpgradeId(failed.getProposalId())
                .setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build();
        return network.publish(approval(network, failed, recovery, signers).build());
    }

    private static Approval.Builder approval(SimNetwork network, Approval failed, UpgradeRecovery recovery, List<TransactionSigner> signers) {
        Approval.Builder approval = Approval.newBuilder().setChainId(network.chain).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(RecoveryId.of(recovery)).setHeight(failed.getHeight())
                .setRecovery(RecoveryApproval.newBuilder().setUpgradeId(failed.getProposalId()).setFailedReleaseTag(failed.getReleaseTag())
                        .setAction(recovery.hasHotFix() ? RecoveryAction.RECOVERY_ACTION_HOT_FIX : RecoveryAction.RECOVERY_ACTION_RETURN));
        long nonce = 100;
        for (TransactionSigner signer : signers) {
            InputData input = InputData.newBuilder().setNonce(nonce++).setBlockHeight(failed.getHeight()).setUpgradeRecovery(recovery).build();
            approval.addQuorumCertificate(signer.signV3(network.chain, input).toByteString());
        }
        return approval;
    }
}
