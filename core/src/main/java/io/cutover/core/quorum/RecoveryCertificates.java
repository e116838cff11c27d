package io.cutover.core.quorum;

import java.util.List;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ProposalId;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.UpgradeRecovery;

/**
 * The certificate of a recovery approval ({@code Approval.recovery}): its id is the recovery's own
 * id ({@link #recoveryId}), and every transaction is an {@code upgrade_recovery} valid under the
 * chain id, by a distinct consensus validator, for the same upgrade with the same action (for a
 * hot-fix the same tag and artifacts), the signers' power meeting the upgrade threshold.
 */
public final class RecoveryCertificates {

    private RecoveryCertificates() {
    }

    /**
     * A recovery's id: {@code "<upgrade_id>/hot-fix/<tag>"} (plus {@code "#<d>"} with artifacts, d as
     * in proposal ids) or {@code "<upgrade_id>/return"}.
     */
    public static String recoveryId(String upgradeId, RecoveryAction action, String fixTag, List<ReleaseArtifact> fixArtifacts) {
        if (action == RecoveryAction.RECOVERY_ACTION_RETURN) {
            return upgradeId + "/return";
        }
        String withDigest = ProposalId.of(fixTag, 0, fixArtifacts); // "<tag>@0" or "<tag>@0#<d>"
        return upgradeId + "/hot-fix/" + fixTag + withDigest.substring((fixTag + "@0").length());
    }

    /** The id of a signed recovery transaction. */
    public static String recoveryId(UpgradeRecovery recovery) {
        return recovery.hasHotFix()
                ? recoveryId(recovery.getUpgradeId(), RecoveryAction.RECOVERY_ACTION_HOT_FIX, recovery.getHotFix().getVegaReleaseTag(),
                        recovery.getHotFix().getArtifactsList())
                : recoveryId(recovery.getUpgradeId(), RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of());
    }

    static CertificateVerdict verify(Approval approval, NetworkConfig network) {
        Optional<CertificateVerdict.Refused> chain = QuorumCertificates.chainProblem(approval, network);
        if (chain.isPresent()) {
            return chain.get();
        }
        RecoveryApproval recovery = approval.getRecovery();
        Optional<String> inconsistent = inconsistency(approval, recovery);
        if (inconsistent.isPresent()) {
            return QuorumCertificates.refuse(CertificateProblem.INCONSISTENT_APPROVAL, inconsistent.get());
        }
        return QuorumCertificates.tally(approval, network, (input, where) -> mismatch(input, approval, where));
    }

    private static Optional<String> inconsistency(Approval approval, RecoveryApproval recovery) {
        if (recovery.getUpgradeId().isBlank()) {
            return Optional.of("the recovery names no upgrade");
        }
        switch (recovery.getAction()) {
            case RECOVERY_ACTION_HOT_FIX -> {
                if (approval.getReleaseTag().isBlank()) {
                    return Optional.of("a hot-fix recovery names no release");
                }
            }
            case RECOVERY_ACTION_RETURN -> {
                if (!approval.getReleaseTag().isEmpty() || approval.getArtifactsCount() > 0) {
                    return Optional.of("a return names no release, found " + approval.getReleaseTag());
                }
            }
            default -> {
                return Optional.of("the recovery's action is " + recovery.getAction() + ", not HOT_FIX or RETURN");
            }
        }
        String expected = recoveryId(recovery.getUpgradeId(), recovery.getAction(), approval.getReleaseTag(), approval.getArtifactsList());
        if (!expected.equals(approval.getProposalId())) {
            return Optional.of("recovery id " + approval.getProposalId() + " does not match its upgrade, action, tag and artifacts ("
                    + expected + ")");
        }
        return Optional.empty();
    }

    private static Optional<CertificateVerdict.Refused> mismatch(InputData input, Approval approval, String where) {
        if (!input.hasUpgradeRecovery()) {
            return Optional.of(QuorumCertificates.refuse(CertificateProblem.NOT_A_RECOVERY, where + " is not an upgrade recovery"));
        }
        UpgradeRecovery signed = input.getUpgradeRecovery();
        RecoveryApproval recovery = approval.getRecovery();
        boolean sameAction = recovery.getAction() == RecoveryAction.RECOVERY_ACTION_HOT_FIX ? signed.hasHotFix()
                && signed.getHotFix().getVegaReleaseTag().equals(approval.getReleaseTag())
                && signed.getHotFix().getArtifactsList().equals(approval.getArtifactsList())
                : signed.hasReturnToPrevious();
        if (!signed.getUpgradeId().equals(recovery.getUpgradeId()) || !sameAction) {
            return Optional.of(QuorumCertificates.refuse(CertificateProblem.OTHER_PROPOSAL, where + " approves recovery "
                    + recoveryId(signed) + ", not " + approval.getProposalId()));
        }
        return Optional.empty();
    }
}
