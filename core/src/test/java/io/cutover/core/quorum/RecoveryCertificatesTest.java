package io.cutover.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.proposal.ReleaseTag;
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

class RecoveryCertificatesTest {

    private static final String CHAIN = "cutover-devnet";
    private static final String UPGRADE = "v1.1.0@500";
    private static final List<ReleaseArtifact> FIX = List.of(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("cd".repeat(32)).build());

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final NetworkConfig network;

    RecoveryCertificatesTest() {
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            byte[] seed = new byte[32];
            seed[0] = (byte) i;
            signers.add(new TransactionSigner(seed));
            validators.add(new ValidatorInfo("validator-" + i, signers.get(i - 1).publicKeyHex(), 10));
        }
        network = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.1.0").orElseThrow(), new Threshold(new Fraction(2, 3), ApprovalRule.GREATER),
                20, 150, validators);
    }

    private static UpgradeRecovery hotFix(String tag, List<ReleaseArtifact> artifacts) {
        return UpgradeRecovery.newBuilder().setUpgradeId(UPGRADE).setHotFix(HotFix.newBuilder().setVegaReleaseTag(tag).addAllArtifacts(artifacts))
                .build();
    }

    private Approval approval(UpgradeRecovery approved, List<UpgradeRecovery> signed) {
        Approval.Builder approval = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(RecoveryId.of(approved)).setHeight(500)
                .setRecovery(RecoveryApproval.newBuilder().setUpgradeId(approved.getUpgradeId())
                        .setFailedReleaseTag(ProposalId.upgrade(approved.getUpgradeId()).orElseThrow().name()).setAction(approved.hasHotFix()
                        ? RecoveryAction.RECOVERY_ACTION_HOT_FIX : RecoveryAction.RECOVERY_ACTION_RETURN));
        if (approved.hasHotFix()) {
            approval.setReleaseTag(approved.getHotFix().getVegaReleaseTag()).addAllArtifacts(approved.getHotFix().getArtifactsList());
        }
        for (int i = 0; i < signed.size(); i++) {
            InputData input = InputData.newBuilder().setNonce(i + 1).setBlockHeight(500).setUpgradeRecovery(signed.get(i)).build();
            approval.addQuorumCertificate(ByteString.copyFrom(signers.get(i).signV3(CHAIN, input).toByteArray()));
        }
        return approval.build();
    }

    @Test
    void verifiesAHotFixAndAReturnSignedByEnoughPower() {
        UpgradeRecovery fix = hotFix("v1.1.1", FIX);
        assertThat(RecoveryCertificates.verify(approval(fix, List.of(fix, fix, fix)), network))
                .isEqualTo(new CertificateVerdict.Verified(List.of("validator-1", "validator-2", "validator-3"), 30, 40));
        UpgradeRecovery back = UpgradeRecovery.newBuilder().setUpgradeId(UPGRADE).setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build();
        assertThat(RecoveryCertificates.verify(approval(back, List.of(back, back, back)), network).verified()).isTrue();
    }

    @Test
    void verifiesARecoveryOfACosmosPlanWhoseNameIsNoReleaseTag() {
        UpgradeRecovery back = UpgradeRecovery.newBuilder().setUpgradeId("v7-Theta@500").setReturnToPrevious(ReturnToPrevious.getDefaultInstance())
                .build();
        Approval approval = approval(back, List.of(back, back, back));
        assertThat(approval.getRecovery().getFailedReleaseTag()).isEqualTo("v7-Theta");
        assertThat(RecoveryCertificates.verify(approval, network).verified()).isTrue();
        Approval otherPlan = approval.toBuilder().setRecovery(approval.getRecovery().toBuilder().setFailedReleaseTag("v8")).build();
        assertThat(((CertificateVerdict.Refused) RecoveryCertificates.verify(otherPlan, network)).problem())
                .isEqualTo(CertificateProblem.INCONSISTENT_APPROVAL);
    }

    @Test
    void refusesTooLittlePowerAnotherRecoveryInTheCertificateAndAnApprovalInconsistentWithItself() {
        UpgradeRecovery fix = hotFix("v1.1.1", FIX);
        assertThat(((CertificateVerdict.Refused) RecoveryCertificates.verify(approval(fix, List.of(fix, fix)), network)).problem())
                .isEqualTo(CertificateProblem.INSUFFICIENT_POWER);
        UpgradeRecovery other = hotFix("v1.1.2", FIX);
        assertThat(((CertificateVerdict.Refused) RecoveryCertificates.verify(approval(fix, List.of(fix, fix, other)), network)).problem())
                .isEqualTo(CertificateProblem.OTHER_PROPOSAL);
        Approval tampered = approval(fix, List.of(fix, fix, fix)).toBuilder().setReleaseTag("v1.1.2").build();
        assertThat(((CertificateVerdict.Refused) RecoveryCertificates.verify(tampered, network)).problem())
                .isEqualTo(CertificateProblem.INCONSISTENT_APPROVAL);
        Approval otherHeight = approval(fix, List.of(fix, fix, fix)).toBuilder().setHeight(501).build();
        assertThat(((CertificateVerdict.Refused) RecoveryCertificates.verify(otherHeight, network)).problem())
                .isEqualTo(CertificateProblem.INCONSISTENT_APPROVAL);
    }
}
