package io.cutover.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;

class RecoveryCertificatesTest {

    private static final String CHAIN = "cutover-devnet";
    private static final String UPGRADE = "v1.1.0@500#0123456789abcdef";
    private static final List<ReleaseArtifact> FIX = List.of(ReleaseArtifact.newBuilder()
            .setPlatform("linux/amd64").setSha256("cd".repeat(32)).setUrl("http://127.0.0.1/v1.1.1").build());

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final TransactionSigner outsider;
    private final NetworkConfig network;

    RecoveryCertificatesTest() {
        Random random = new Random(7);
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            signers.add(new TransactionSigner(seed));
            validators.add(new ValidatorInfo("validator-" + i, signers.get(i - 1).publicKeyHex(), 10));
        }
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        outsider = new TransactionSigner(seed);
        network = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.0.0").orElseThrow(),
                new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 20, 150, validators);
    }

    @Test
    void recoveryIdsAreTheUpgradesIdWithTheAction() {
        String digest = ProposalId.of("v1.1.1", 500, FIX).substring("v1.1.1@500".length());
        assertThat(RecoveryCertificates.recoveryId(UPGRADE, RecoveryAction.RECOVERY_ACTION_HOT_FIX, "v1.1.1", FIX))
                .isEqualTo(UPGRADE + "/hot-fix/v1.1.1" + digest);
        assertThat(RecoveryCertificates.recoveryId(UPGRADE, RecoveryAction.RECOVERY_ACTION_HOT_FIX, "v1.1.1", List.of()))
                .isEqualTo(UPGRADE + "/hot-fix/v1.1.1");
        assertThat(RecoveryCertificates.recoveryId(UPGRADE, RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of())).isEqualTo(UPGRADE + "/return");
        assertThat(RecoveryCertificates.recoveryId(hotFix("v1.1.1", FIX))).isEqualTo(UPGRADE + "/hot-fix/v1.1.1" + digest);
    }

    @Test
    void acceptsAHotFixAndAReturnSignedByEnoughPower() {
        assertThat(QuorumCertificates.verify(approval(hotFix("v1.1.1", FIX), signers.get(0), signers.get(1), signers.get(2)), network))
                .isEqualTo(new CertificateVerdict.Verified(List.of("validator-1", "validator-2", "validator-3"), 30, 40));
        assertThat(QuorumCertificates.verify(approval(back(), signers.get(1), signers.get(2), signers.get(3)), network))
                .isInstanceOf(CertificateVerdict.Verified.class);
    }

    @Test
    void refusesANonValidatorTooLittlePowerAndADuplicate() {
        assertRefused(approval(hotFix("v1.1.1", FIX), signers.get(0), signers.get(1), outsider), CertificateProblem.UNKNOWN_VALIDATOR);
        assertRefused(approval(back(), signers.get(0), signers.get(1)), CertificateProblem.INSUFFICIENT_POWER);
        assertRefused(approval(back(), signers.get(0), signers.get(1), signers.get(1)), CertificateProblem.DUPLICATE_SIGNER);
    }

    @Test
    void refusesTransactionsForAnotherRecoveryOrThatAreNoRecovery() {
        Approval fix = approval(hotFix("v1.1.1", FIX), signers.get(0), signers.get(1), signers.get(2));
        InputData otherArtifacts = input(hotFix("v1.1.1", List.of(FIX.get(0).toBuilder().setSha256("ef".repeat(32)).build())), 3);
        assertRefused(fix.toBuilder().setQuorumCertificate(2, signers.get(2).signV3(CHAIN, otherArtifacts).toByteString()).build(),
                CertificateProblem.OTHER_PROPOSAL);
        InputData aReturn = input(back(), 3);
        assertRefused(fix.toBuilder().setQuorumCertificate(2, signers.get(2).signV3(CHAIN, aReturn).toByteString()).build(),
                CertificateProblem.OTHER_PROPOSAL);
        InputData otherUpgrade = input(UpgradeRecovery.newBuilder().setUpgradeId("v1.2.0@900")
                .setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build(), 3);
        Approval ret = approval(back(), signers.get(0), signers.get(1), signers.get(2));
        assertRefused(ret.toBuilder().setQuorumCertificate(2, signers.get(2).signV3(CHAIN, otherUpgrade).toByteString()).build(),
                CertificateProblem.OTHER_PROPOSAL);
        InputData proposal = InputData.newBuilder().setNonce(3).setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                .setVegaReleaseTag("v1.1.1").setUpgradeBlockHeight(500)).build();
        assertRefused(ret.toBuilder().setQuorumCertificate(2, signers.get(2).signV3(CHAIN, proposal).toByteString()).build(),
                CertificateProblem.NOT_A_RECOVERY);
        assertRefused(ret.toBuilder().setQuorumCertificate(2, signers.get(2).signV3("other-chain", aReturn).toByteString()).build(),
                CertificateProblem.SIGNATURE_INVALID);
    }

    @Test
    void refusesAnApprovalWhoseIdOrContentDoesNotMatch() {
        Approval fix = approval(hotFix("v1.1.1", FIX), signers.get(0), signers.get(1), signers.get(2));
        assertRefused(fix.toBuilder().setProposalId(UPGRADE + "/hot-fix/v1.1.1").build(), CertificateProblem.INCONSISTENT_APPROVAL);
        assertRefused(fix.toBuilder().setRecovery(fix.getRecovery().toBuilder().setAction(RecoveryAction.RECOVERY_ACTION_RETURN)).build(),
                CertificateProblem.INCONSISTENT_APPROVAL);
        assertRefused(fix.toBuilder().setChainId("other-chain").build(), CertificateProblem.WRONG_CHAIN);
    }

    private static UpgradeRecovery hotFix(String tag, List<ReleaseArtifact> artifacts) {
        return UpgradeRecovery.newBuilder().setUpgradeId(UPGRADE)
                .setHotFix(HotFix.newBuilder().setVegaReleaseTag(tag).addAllArtifacts(artifacts)).build();
    }

    private static UpgradeRecovery back() {
        return UpgradeRecovery.newBuilder().setUpgradeId(UPGRADE).setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build();
    }

    private static InputData input(UpgradeRecovery recovery, long nonce) {
        return InputData.newBuilder().setNonce(nonce).setBlockHeight(1).setUpgradeRecovery(recovery).build();
    }

    private Approval approval(UpgradeRecovery recovery, TransactionSigner... by) {
        boolean fix = recovery.hasHotFix();
        Approval.Builder a = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(RecoveryCertificates.recoveryId(recovery)).setHeight(500)
                .setRecovery(RecoveryApproval.newBuilder().setUpgradeId(UPGRADE).setFailedReleaseTag("v1.1.0")
                        .setAction(fix ? RecoveryAction.RECOVERY_ACTION_HOT_FIX : RecoveryAction.RECOVERY_ACTION_RETURN));
        if (fix) {
            a.setReleaseTag(recovery.getHotFix().getVegaReleaseTag()).addAllArtifacts(recovery.getHotFix().getArtifactsList());
        }
        long nonce = 1;
        for (TransactionSigner signer : by) {
            a.addQuorumCertificate(signer.signV3(CHAIN, input(recovery, nonce++)).toByteString());
        }
        return a.build();
    }

    private void assertRefused(Approval approval, CertificateProblem problem) {
        assertThat(QuorumCertificates.verify(approval, network)).isInstanceOfSatisfying(CertificateVerdict.Refused.class,
                r -> assertThat(r.problem()).as(r.detail()).isEqualTo(problem));
    }
}
