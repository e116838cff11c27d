package io.cutover.core.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Transaction;

class QuorumCertificatesTest {

    private static final String CHAIN = "cutover-devnet";
    private static final List<ReleaseArtifact> ARTIFACTS = List.of(ReleaseArtifact.newBuilder()
            .setPlatform("linux/amd64").setSha256("ab".repeat(32)).setUrl("http://127.0.0.1/v1.1.0").build());

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final NetworkConfig network;

    QuorumCertificatesTest() {
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
    void acceptsACertificateSignedByEnoughPower() {
        CertificateVerdict verdict = QuorumCertificates.verify(approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2), network);
        assertThat(verdict).isEqualTo(new CertificateVerdict.Verified(List.of("validator-1", "validator-2", "validator-3"), 30, 40));
    }

    @Test
    void refusesTooLittlePower() {
        assertRefused(approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1), CertificateProblem.INSUFFICIENT_POWER);
    }

    @Test
    void refusesABadSignature() {
        Approval good = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2);
        Transaction tampered = parse(good.getQuorumCertificate(1)).toBuilder()
                .setSignature(parse(good.getQuorumCertificate(1)).getSignature().toBuilder().setValue("00".repeat(64))).build();
        Approval forged = good.toBuilder().setQuorumCertificate(1, tampered.toByteString()).build();
        assertRefused(forged, CertificateProblem.SIGNATURE_INVALID);
    }

    @Test
    void refusesASignatureForAnotherChain() {
        InputData input = proposal("v1.1.0", 500, ARTIFACTS);
        Approval approval = approval(input, 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(2).signV3("other-chain", input).toByteString()).build();
        assertRefused(approval, CertificateProblem.SIGNATURE_INVALID);
    }

    @Test
    void refusesV2Transactions() {
        InputData input = proposal("v1.1.0", 500, ARTIFACTS);
        Approval approval = approval(input, 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(2).signV2(input).toByteString()).build();
        assertRefused(approval, CertificateProblem.SIGNATURE_INVALID);
    }

    @Test
    void refusesAnUnknownValidator() {
        InputData input = proposal("v1.1.0", 500, ARTIFACTS);
        TransactionSigner stranger = new TransactionSigner(HexFormat.of().parseHex("0b".repeat(32)));
        Approval approval = approval(input, 0, 1).toBuilder()
                .addQuorumCertificate(stranger.signV3(CHAIN, input).toByteString()).build();
        assertRefused(approval, CertificateProblem.UNKNOWN_VALIDATOR);
    }

    @Test
    void refusesAValidatorWithoutPower() {
        assertRefused(approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 4), CertificateProblem.NOT_CONSENSUS_VALIDATOR);
    }

    @Test
    void refusesADuplicateSigner() {
        InputData input = proposal("v1.1.0", 500, ARTIFACTS);
        InputData sameWithOtherNonce = input.toBuilder().setNonce(99).build();
        Approval approval = approval(input, 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(1).signV3(CHAIN, sameWithOtherNonce).toByteString()).build();
        assertRefused(approval, CertificateProblem.DUPLICATE_SIGNER);
    }

    @Test
    void refusesVotesForAnotherProposal() {
        Approval approval = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(2).signV3(CHAIN, proposal("v1.1.0", 501, ARTIFACTS)).toByteString()).build();
        assertRefused(approval, CertificateProblem.OTHER_PROPOSAL);
        List<ReleaseArtifact> otherBinary = List.of(ARTIFACTS.get(0).toBuilder().setSha256("cd".repeat(32)).build());
        Approval otherArtifacts = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(2).signV3(CHAIN, proposal("v1.1.0", 500, otherBinary)).toByteString()).build();
        assertRefused(otherArtifacts, CertificateProblem.OTHER_PROPOSAL);
    }

    @Test
    void refusesAnApprovalWhoseUrlWasSwapped() {
        Approval good = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2);
        Approval swapped = good.toBuilder().setArtifacts(0, ARTIFACTS.get(0).toBuilder().setUrl("http://evil.example/x")).build();
        assertRefused(swapped, CertificateProblem.OTHER_PROPOSAL);
    }

    @Test
    void refusesAnApprovalWhoseIdDoesNotMatchItsContent() {
        Approval good = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2);
        assertRefused(good.toBuilder().setHeight(400).build(), CertificateProblem.INCONSISTENT_APPROVAL);
        assertRefused(good.toBuilder().setReleaseTag("v6.6.6").build(), CertificateProblem.INCONSISTENT_APPROVAL);
    }

    @Test
    void refusesAnotherChainEmptyAndMalformedCertificates() {
        Approval good = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2);
        assertRefused(good.toBuilder().setChainId("mainnet").build(), CertificateProblem.WRONG_CHAIN);
        assertRefused(good.toBuilder().clearQuorumCertificate().build(), CertificateProblem.EMPTY_CERTIFICATE);
        assertRefused(good.toBuilder().addQuorumCertificate(ByteString.copyFromUtf8("not a tx \u0000\u00ff")).build(),
                CertificateProblem.MALFORMED_TRANSACTION);
    }

    @Test
    void refusesATransactionThatIsNotAnUpgradeProposal() {
        InputData withdraw = InputData.newBuilder().setNonce(1).setBlockHeight(10).build();
        Approval approval = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1).toBuilder()
                .addQuorumCertificate(signers.get(2).signV3(CHAIN, withdraw).toByteString()).build();
        assertRefused(approval, CertificateProblem.NOT_AN_UPGRADE_PROPOSAL);
    }

    @Test
    void anyRandomByteFlipInACertificateIsRefused() {
        Approval good = approval(proposal("v1.1.0", 500, ARTIFACTS), 0, 1, 2);
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int which = random.nextInt(3);
            byte[] bytes = good.getQuorumCertificate(which).toByteArray();
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            Approval forged = good.toBuilder().setQuorumCertificate(which, ByteString.copyFrom(bytes)).build();
            assertThat(QuorumCertificates.verify(forged, network).verified())
                    .as("flip at byte %d of certificate[%d]", at, which).isFalse();
        }
    }

    private void assertRefused(Approval approval, CertificateProblem problem) {
        CertificateVerdict verdict = QuorumCertificates.verify(approval, network);
        assertThat(verdict).isInstanceOf(CertificateVerdict.Refused.class);
        assertThat(((CertificateVerdict.Refused) verdict).problem()).isEqualTo(problem);
    }

    private Approval approval(InputData input, int... signerIndexes) {
        ProtocolUpgradeProposal p = input.getProtocolUpgradeProposal();
        Approval.Builder approval = Approval.newBuilder()
                .setChainId(CHAIN)
                .setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(ProposalId.of(p.getVegaReleaseTag(), p.getUpgradeBlockHeight(), p.getArtifactsList()))
                .setReleaseTag(p.getVegaReleaseTag())
                .setHeight(p.getUpgradeBlockHeight())
                .addAllArtifacts(p.getArtifactsList());
        for (int i : signerIndexes) {
            approval.addQuorumCertificate(signers.get(i).signV3(CHAIN, input.toBuilder().setNonce(i + 1L).build()).toByteString());
        }
        return approval.build();
    }

    private static InputData proposal(String tag, long height, List<ReleaseArtifact> artifacts) {
        return InputData.newBuilder().setNonce(1).setBlockHeight(100)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                        .setVegaReleaseTag(tag).setUpgradeBlockHeight(height).addAllArtifacts(artifacts))
                .build();
    }

    private static Transaction parse(ByteString raw) {
        try {
            return Transaction.parseFrom(raw);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
