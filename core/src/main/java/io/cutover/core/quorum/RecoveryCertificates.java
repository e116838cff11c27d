package io.cutover.core.quorum;

import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.cutover.proto.vega.UpgradeRecovery;

/**
 * Checks that a recovery approval is what validators signed: it is consistent with itself (its
 * proposal id is the recovery id of its upgrade, action, hot-fix tag and artifacts; its height and
 * failed release are the upgrade's), and every transaction of its certificate is a valid V3
 * upgrade_recovery of a distinct consensus validator for exactly this recovery, whose power meets the threshold.
 */
public final class RecoveryCertificates {

    private RecoveryCertificates() {
    }

    public static CertificateVerdict verify(Approval approval, NetworkConfig network) {
        Optional<CertificateVerdict.Refused> identity = identityProblem(approval, network);
        if (identity.isPresent()) {
            return identity.get();
        }
        if (approval.getQuorumCertificateCount() == 0) {
            return refuse(CertificateProblem.EMPTY_CERTIFICATE, "the recovery approval carries no signed transaction");
        }
        return CertificateSigners.verify(approval.getQuorumCertificateList(), "certificate", "signers", network,
                (entry, where) -> recoveryMismatch(entry, approval, where));
    }

    /** The entry is an upgrade_recovery of exactly this recovery: same upgrade, same id, same artifacts. */
    private static Optional<CertificateVerdict.Refused> recoveryMismatch(CertificateEntry entry, Approval approval, String where) {
        if (!entry.inputData().hasUpgradeRecovery()) {
            return Optional.of(refuse(CertificateProblem.OTHER_PROPOSAL, where + " is not an upgrade_recovery"));
        }
        UpgradeRecovery signed = entry.inputData().getUpgradeRecovery();
        String signedId = RecoveryId.of(signed);
        boolean same = signed.getUpgradeId().equals(approval.getRecovery().getUpgradeId()) && signedId.equals(approval.getProposalId())
                && (!signed.hasHotFix() || signed.getHotFix().getArtifactsList().equals(approval.getArtifactsList()));
        return same ? Optional.empty()
                : Optional.of(refuse(CertificateProblem.OTHER_PROPOSAL, where + " approves " + signedId + ", not " + approval.getProposalId()));
    }

    private static Optional<CertificateVerdict.Refused> identityProblem(Approval approval, NetworkConfig network) {
        if (!approval.getChainId().isEmpty() && !approval.getChainId().equals(network.chainId())) {
            return Optional.of(refuse(CertificateProblem.WRONG_CHAIN, "approval is for chain " + approval.getChainId()
                    + ", this network is " + network.chainId()));
        }
        RecoveryApproval recovery = approval.getRecovery();
        Optional<ProposalId.Upgrade> failed = ProposalId.upgrade(recovery.getUpgradeId());
        String expectedId = switch (recovery.getAction()) {
            case RECOVERY_ACTION_HOT_FIX -> RecoveryId.hotFix(recovery.getUpgradeId(), approval.getReleaseTag(), approval.getArtifactsList());
            case RECOVERY_ACTION_RETURN -> RecoveryId.returnToPrevious(recovery.getUpgradeId());
            default -> "";
        };
        boolean consistent = approval.hasRecovery() && failed.isPresent() && expectedId.equals(approval.getProposalId())
                && failed.get().height() == approval.getHeight()
                && failed.get().name().equals(recovery.getFailedReleaseTag())
                && (recovery.getAction() == RecoveryAction.RECOVERY_ACTION_HOT_FIX || approval.getReleaseTag().isEmpty());
        if (!consistent) {
            return Optional.of(refuse(CertificateProblem.INCONSISTENT_APPROVAL, "recovery approval " + approval.getProposalId()
                    + " does not match its upgrade, action, height and release"));
        }
        return Optional.empty();
    }

    private static CertificateVerdict.Refused refuse(CertificateProblem problem, String detail) {
        return new CertificateVerdict.Refused(problem, detail);
    }
}
