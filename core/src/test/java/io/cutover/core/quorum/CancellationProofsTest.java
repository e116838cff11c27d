package io.cutover.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

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
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Transaction;

class CancellationProofsTest {

    private static final String CHAIN = "cutover-devnet";
    private static final List<ReleaseArtifact> ARTIFACTS = List.of(ReleaseArtifact.newBuilder()
            .setPlatform("linux/amd64").setSha256("ab".repeat(32)).setUrl("http://127.0.0.1/v1.1.0").build());
    private static final String ID = ProposalId.of("v1.1.0", 500, ARTIFACTS);
    private static final String EARLIER = ProposalId.of("v1.2.0", 400, ARTIFACTS);

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final NetworkConfig network;

    CancellationProofsTest() {
        Random random = new Random(42);
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            TransactionSigner signer = new TransactionSigner(seed);
            signers.add(signer);
            validators.add(new ValidatorInfo("validator-" + i, signer.publicKeyHex(), i == 5 ? 0 : 10));
        }
        network = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.0.0").orElseThrow(),
                new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 20, 150, validators);
    }

    @Test
    void rejectionsHoldingTheThresholdProveTheCancellation() {
        CertificateVerdict verdict = CancellationProofs.verify(rejectedBy(ID, 0, 1, 2), network, Map.of());
        assertThat(verdict).isEqualTo(new CertificateVerdict.Verified(List.of("validator-1", "validator-2", "validator-3"), 30, 40));
    }

    @Test
    void aForgedCancellationWithoutProofIsRefused() {
        assertRefused(cancelled().build(), Map.of(), CertificateProblem.UNPROVEN_CANCELLATION);
        Approval approved = cancelled().setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED).build();
        assertRefused(approved, Map.of(), CertificateProblem.UNPROVEN_CANCELLATION);
    }

    @Test
    void tooFewRejectionsAreRefused() {
        assertRefused(rejectedBy(ID, 0, 1), Map.of(), CertificateProblem.INSUFFICIENT_POWER);
    }

    @Test
    void rejectionsMustBeValidlySignedDistinctRejectionsOfThisProposal() {
        Approval good = rejectedBy(ID, 0, 1, 2);
        Transaction signed = parse(good.getRejectionCertificate(1));
        Transaction zeroed = signed.toBuilder().setSignature(signed.getSignature().toBuilder().setValue("00".repeat(64))).build();
        assertRefused(good.toBuilder().setRejectionCertificate(1, zeroed.toByteString()).build(), Map.of(),
                CertificateProblem.SIGNATURE_INVALID);
        assertRefused(good.toBuilder().setRejectionCertificate(1, ByteString.copyFromUtf8("no tx")).build(), Map.of(),
                CertificateProblem.MALFORMED_TRANSACTION);
        assertRefused(rejectedBy(EARLIER, 0, 1, 2).toBuilder().setProposalId(ID).build(), Map.of(), CertificateProblem.OTHER_PROPOSAL);
        Approval twice = rejectedBy(ID, 0, 1).toBuilder()
                .addRejectionCertificate(signers.get(1).signV3(CHAIN, rejection(ID, 77)).toByteString()).build();
        assertRefused(twice, Map.of(), CertificateProblem.DUPLICATE_SIGNER);
        Approval notARejection = rejectedBy(ID, 0, 1).toBuilder()
                .addRejectionCertificate(signers.get(2).signV3(CHAIN, InputData.newBuilder().setNonce(5).setBlockHeight(10).build())
                        .toByteString()).build();
        assertRefused(notARejection, Map.of(), CertificateProblem.NOT_A_REJECTION);
        TransactionSigner stranger = new TransactionSigner(HexFormat.of().parseHex("0b".repeat(32)));
        Approval byStranger = rejectedBy(ID, 0, 1).toBuilder()
                .addRejectionCertificate(stranger.signV3(CHAIN, rejection(ID, 9)).toByteString()).build();
        assertRefused(byStranger, Map.of(), CertificateProblem.UNKNOWN_VALIDATOR);
        assertRefused(rejectedBy(ID, 0, 1, 4), Map.of(), CertificateProblem.NOT_CONSENSUS_VALIDATOR);
    }

    @Test
    void theCancellationMustBeConsistentAndForThisChain() {
        Approval good = rejectedBy(ID, 0, 1, 2);
        assertRefused(good.toBuilder().setChainId("mainnet").build(), Map.of(), CertificateProblem.WRONG_CHAIN);
        assertRefused(good.toBuilder().setHeight(501).build(), Map.of(), CertificateProblem.INCONSISTENT_APPROVAL);
    }

    @Test
    void aVerifiedEarlierApprovalProvesSupersession() {
        Approval superseded = cancelled().setSupersededBy(EARLIER).build();
        assertThat(CancellationProofs.verify(superseded, network, Map.of(EARLIER, 400L)).verified()).isTrue();
        assertRefused(superseded, Map.of(), CertificateProblem.UNPROVEN_CANCELLATION);
        assertRefused(superseded, Map.of(EARLIER, 600L), CertificateProblem.UNPROVEN_CANCELLATION);
        assertRefused(cancelled().setSupersededBy(ID).build(), Map.of(ID, 500L), CertificateProblem.UNPROVEN_CANCELLATION);
    }

    @Test
    void aReleaseTheNetworkAlreadyRunsNeedsNoOtherProof() {
        NetworkConfig newer = network.withCurrentRelease(ReleaseTag.parse("v1.1.0").orElseThrow());
        assertThat(CancellationProofs.verify(cancelled().build(), newer, Map.of()).verified()).isTrue();
    }

    private void assertRefused(Approval cancellation, Map<String, Long> verified, CertificateProblem problem) {
        CertificateVerdict verdict = CancellationProofs.verify(cancellation, network, verified);
        assertThat(verdict).isInstanceOf(CertificateVerdict.Refused.class);
        assertThat(((CertificateVerdict.Refused) verdict).problem()).isEqualTo(problem);
    }

    private Approval.Builder cancelled() {
        return Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED)
                .setProposalId(ID).setReleaseTag("v1.1.0").setHeight(500).addAllArtifacts(ARTIFACTS);
    }

    private Approval rejectedBy(String rejectedId, int... signerIndexes) {
        Approval.Builder cancellation = cancelled();
        for (int i : signerIndexes) {
            cancellation.addRejectionCertificate(signers.get(i).signV3(CHAIN, rejection(rejectedId, i + 1L)).toByteString());
        }
        return cancellation.build();
    }

    private static InputData rejection(String proposalId, long nonce) {
        return InputData.newBuilder().setNonce(nonce).setBlockHeight(100)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(proposalId)).build();
    }

    private static Transaction parse(ByteString raw) {
        try {
            return Transaction.parseFrom(raw);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
