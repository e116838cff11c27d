package io.cutover.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Signature;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

class TransactionValidatorTest {

    private static final HexFormat HEX = HexFormat.of();
    // reference/vega-wire.md vector 2: this seed's public key is vector 1's pub_key
    static final String VECTOR_SEED = "0bfdfb4a04e22d7252a4f24eb9d0f35a82efdc244cb0876d919361e61f6f56a2";
    static final String VECTOR1_INPUT = "08959aef3a10fd0dd23e200a1537666136643966366139646661396636366661646112075553442f425443";
    static final String VECTOR1_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";
    static final String VECTOR1_SIGNATURE = "876e46defc40030391b5feb2c9bb0b6b68b2d95a6b5fd17a730a46ea73f3b180"
            + "8420c8c609be6f1c6156e472ecbcd09202f750da000dee41429947a4b7eca00b";
    static final String CHAIN = "mainnet-v1";
    static final long HEIGHT = 1000;

    private static final TransactionSigner VALIDATOR = new TransactionSigner(HEX.parseHex(VECTOR_SEED));
    private static final TransactionSigner OBSERVER = new TransactionSigner(seed(2));
    private static final TransactionSigner STRANGER = new TransactionSigner(seed(3));

    private static final NetworkConfig NETWORK = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.0.0").orElseThrow(),
            new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 20, 150,
            List.of(new ValidatorInfo("validator-1", VALIDATOR.publicKeyHex(), 10),
                    new ValidatorInfo("observer", OBSERVER.publicKeyHex(), 0)));
    private static final NetworkView VIEW = new NetworkView(NETWORK, NETWORK.currentRelease(), HEIGHT);
    private static final ValidationPolicy POLICY = ValidationPolicy.defaults();

    private final MemoryLedger ledger = new MemoryLedger();

    static byte[] seed(int n) {
        byte[] seed = new byte[32];
        seed[0] = (byte) n;
        return seed;
    }

    static InputData proposal(long nonce, String tag, long height) {
        return InputData.newBuilder().setNonce(nonce).setBlockHeight(HEIGHT)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag(tag).setUpgradeBlockHeight(height))
                .build();
    }

    private Verdict submit(Transaction tx) {
        return TransactionValidator.validate(tx.toByteArray(), VIEW, POLICY, ledger);
    }

    private RefusalReason reasonOf(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused) verdict).reason();
    }

    @Test
    void acceptsASignedProposalWithItsIdentity() {
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100));
        Verdict verdict = submit(tx);
        assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
        Verdict.Accepted accepted = (Verdict.Accepted) verdict;
        assertThat(accepted.proposalId()).isEqualTo("v1.1.0@1100");
        assertThat(accepted.signer()).isEqualTo(VECTOR1_PUB_KEY);
        assertThat(accepted.kind()).isEqualTo(CommandKind.COMMAND_KIND_PROPOSAL);
        assertThat(accepted.tx().txHash()).isEqualTo(Digests.sha256Hex(tx.toByteArray()));
    }

    @Test
    void acceptsArtifactsAndNamesTheProposalWithTheirDigest() {
        ReleaseArtifact artifact = ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("ab".repeat(32))
                .setUrl("https://example.org/node").build();
        InputData input = proposal(1, "v1.1.0", 1100).toBuilder()
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(1100)
                        .addArtifacts(artifact))
                .build();
        Verdict.Accepted accepted = (Verdict.Accepted) submit(VALIDATOR.signV3(CHAIN, input));
        assertThat(accepted.proposalId()).isEqualTo(ProposalId.of("v1.1.0", 1100, List.of(artifact))).contains("#");
    }

    @Test
    void acceptsTheCurrentReleaseAsAWithdrawal() {
        assertThat(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.0.0", 1100)))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void acceptsARejectionOfAWellFormedProposalId() {
        InputData input = InputData.newBuilder().setNonce(3).setBlockHeight(HEIGHT)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId("v1.1.0@1100#0123456789abcdef")).build();
        Verdict.Accepted accepted = (Verdict.Accepted) submit(VALIDATOR.signV3(CHAIN, input));
        assertThat(accepted.kind()).isEqualTo(CommandKind.COMMAND_KIND_REJECTION);
        assertThat(accepted.proposalId()).isEqualTo("v1.1.0@1100#0123456789abcdef");
    }

    @Test
    void refusesEmptyAndGarbageBytesAsMalformed() {
        assertThat(reasonOf(TransactionValidator.validate(new byte[0], VIEW, POLICY))).isEqualTo(RefusalReason.MALFORMED_TRANSACTION);
        assertThat(reasonOf(TransactionValidator.validate(new byte[] {(byte) 0xff, 1, 2}, VIEW, POLICY)))
                .isEqualTo(RefusalReason.MALFORMED_TRANSACTION);
    }

    @Test
    void refusesAnOversizedTransactionBeforeDecodingIt() {
        byte[] big = new byte[POLICY.maxTxBytes() + 1];
        assertThat(reasonOf(TransactionValidator.validate(big, VIEW, POLICY))).isEqualTo(RefusalReason.TOO_LARGE);
    }

    @Test
    void refusesV2UnlessEnabledAndUnspecifiedVersionsAlways() {
        Transaction v2 = VALIDATOR.signV2(proposal(1, "v1.1.0", 1100));
        assertThat(reasonOf(submit(v2))).isEqualTo(RefusalReason.UNSUPPORTED_TX_VERSION);
        assertThat(TransactionValidator.validate(v2.toByteArray(), VIEW, new ValidationPolicy(65536, true)))
                .isInstanceOf(Verdict.Accepted.class);
        Transaction unspecified = v2.toBuilder().setVersion(TxVersion.TX_VERSION_UNSPECIFIED).build();
        assertThat(reasonOf(submit(unspecified))).isEqualTo(RefusalReason.UNSUPPORTED_TX_VERSION);
    }

    @Test
    void refusesAnotherSignatureAlgorithmOrVersion() {
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100));
        assertThat(reasonOf(submit(withSignature(tx, s -> s.setAlgo("sha256/ecdsa")))))
                .isEqualTo(RefusalReason.UNSUPPORTED_SIGNATURE_ALGORITHM);
        assertThat(reasonOf(submit(withSignature(tx, s -> s.setVersion(2))))).isEqualTo(RefusalReason.UNSUPPORTED_SIGNATURE_ALGORITHM);
    }

    @Test
    void refusesMalformedKeysAndSignatures() {
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100));
        assertThat(reasonOf(submit(tx.toBuilder().setPubKey(VECTOR1_PUB_KEY.toUpperCase()).build())))
                .isEqualTo(RefusalReason.MALFORMED_TRANSACTION);
        assertThat(reasonOf(submit(tx.toBuilder().setAddress("abc").build()))).isEqualTo(RefusalReason.MALFORMED_TRANSACTION);
        assertThat(reasonOf(submit(withSignature(tx, s -> s.setValue("zz"))))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void refusesUnknownAndPowerlessValidators() {
        assertThat(reasonOf(submit(STRANGER.signV3(CHAIN, proposal(1, "v1.1.0", 1100))))).isEqualTo(RefusalReason.UNKNOWN_VALIDATOR);
        assertThat(reasonOf(submit(OBSERVER.signV3(CHAIN, proposal(1, "v1.1.0", 1100))))).isEqualTo(RefusalReason.NOT_CONSENSUS_VALIDATOR);
    }

    @Test
    void refusesATransactionSignedForAnotherChainOrTamperedWith() {
        assertThat(reasonOf(submit(VALIDATOR.signV3("other-chain", proposal(1, "v1.1.0", 1100))))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100));
        Transaction tampered = tx.toBuilder().setInputData(proposal(1, "v9.9.9", 1100).toByteString()).build();
        assertThat(reasonOf(submit(tampered))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void refusesZeroNonceAndReusedNonce() {
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(0, "v1.1.0", 1100))))).isEqualTo(RefusalReason.NONCE_REUSED);
        ledger.nonces.add(VALIDATOR.publicKeyHex() + "/5");
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(5, "v1.1.0", 1100))))).isEqualTo(RefusalReason.NONCE_REUSED);
    }

    @Test
    void refusesTheSameBytesTwiceAsDuplicateBeforeNonce() {
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(7, "v1.1.0", 1100));
        Verdict.Accepted first = (Verdict.Accepted) submit(tx);
        ledger.remember(first);
        assertThat(reasonOf(submit(tx))).isEqualTo(RefusalReason.DUPLICATE_TRANSACTION);
    }

    @Test
    void refusesABlockHeightOutsideTheReplayWindow() {
        InputData old = proposal(1, "v1.1.0", 1100).toBuilder().setBlockHeight(HEIGHT - 151).build();
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, old)))).isEqualTo(RefusalReason.STALE_BLOCK_HEIGHT);
        InputData edge = proposal(1, "v1.1.0", 1100).toBuilder().setBlockHeight(HEIGHT - 150).build();
        assertThat(submit(VALIDATOR.signV3(CHAIN, edge))).isInstanceOf(Verdict.Accepted.class);
        InputData future = proposal(1, "v1.1.0", 1100).toBuilder().setBlockHeight(HEIGHT + 151).build();
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, future)))).isEqualTo(RefusalReason.STALE_BLOCK_HEIGHT);
        InputData huge = proposal(1, "v1.1.0", 1100).toBuilder().setBlockHeight(-1L).build();
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, huge)))).isEqualTo(RefusalReason.STALE_BLOCK_HEIGHT);
    }

    @Test
    void refusesWhileTheNetworkHeightIsUnknownButOnlyAfterTheSignature() {
        NetworkView unknown = new NetworkView(NETWORK, NETWORK.currentRelease(), java.util.OptionalLong.empty());
        byte[] good = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100)).toByteArray();
        assertThat(reasonOf(TransactionValidator.validate(good, unknown, POLICY))).isEqualTo(RefusalReason.NETWORK_HEIGHT_UNKNOWN);
        byte[] foreign = VALIDATOR.signV3("other", proposal(1, "v1.1.0", 1100)).toByteArray();
        assertThat(reasonOf(TransactionValidator.validate(foreign, unknown, POLICY))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void refusesInputDataWithoutAKnownCommand() {
        InputData none = InputData.newBuilder().setNonce(1).setBlockHeight(HEIGHT).build();
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, none)))).isEqualTo(RefusalReason.UNKNOWN_COMMAND);
    }

    @Test
    void refusesATagThatIsNotSemver() {
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "latest", 1100))))).isEqualTo(RefusalReason.INVALID_RELEASE_TAG);
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.2", 1100))))).isEqualTo(RefusalReason.INVALID_RELEASE_TAG);
    }

    @Test
    void refusesAHeightLessThanTheMinimumLeadAhead() {
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", HEIGHT + 19))))).isEqualTo(RefusalReason.HEIGHT_TOO_SOON);
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", HEIGHT - 5))))).isEqualTo(RefusalReason.HEIGHT_TOO_SOON);
        assertThat(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", HEIGHT + 20)))).isInstanceOf(Verdict.Accepted.class);
    }

    @Test
    void refusesADowngrade() {
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v0.9.9", 1100))))).isEqualTo(RefusalReason.DOWNGRADE);
        assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, proposal(1, "v1.0.0-rc.1", 1100))))).isEqualTo(RefusalReason.DOWNGRADE);
    }

    @Test
    void refusesMalformedArtifacts() {
        String sha = "ab".repeat(32);
        assertThat(artifactReason(ReleaseArtifact.newBuilder().setPlatform("linux").setSha256(sha))).isEqualTo(RefusalReason.INVALID_ARTIFACT);
        assertThat(artifactReason(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha.toUpperCase())))
                .isEqualTo(RefusalReason.INVALID_ARTIFACT);
        assertThat(artifactReason(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha.substring(2))))
                .isEqualTo(RefusalReason.INVALID_ARTIFACT);
        assertThat(artifactReason(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha).setUrl("ftp://host/x")))
                .isEqualTo(RefusalReason.INVALID_ARTIFACT);
        assertThat(artifactReason(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256(sha).setUrl("http://")))
                .isEqualTo(RefusalReason.INVALID_ARTIFACT);
    }

    @Test
    void refusesARejectionWithoutAWellFormedProposalId() {
        for (String id : List.of("", "v1.1.0", "latest@100", "v1.1.0@abc", "v1.1.0@100#XYZ")) {
            InputData input = InputData.newBuilder().setNonce(1).setBlockHeight(HEIGHT)
                    .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(id)).build();
            assertThat(reasonOf(submit(VALIDATOR.signV3(CHAIN, input)))).as(id).isEqualTo(RefusalReason.UNKNOWN_PROPOSAL);
        }
    }

    @Test
    void vector1IsAValidV2SignatureCarryingACommandCutoverDoesNotHandle() {
        // vector 1's input data: nonce, block_height 1789, and a Vega user command (field 1002)
        Transaction tx = Transaction.newBuilder().setInputData(ByteString.copyFrom(HEX.parseHex(VECTOR1_INPUT)))
                .setSignature(Signature.newBuilder().setValue(VECTOR1_SIGNATURE).setAlgo("vega/ed25519").setVersion(1))
                .setPubKey(VECTOR1_PUB_KEY).setVersion(TxVersion.TX_VERSION_V2).build();
        NetworkView near = new NetworkView(NETWORK, NETWORK.currentRelease(), 1789);
        assertThat(reasonOf(TransactionValidator.validate(tx.toByteArray(), near, POLICY))).isEqualTo(RefusalReason.UNSUPPORTED_TX_VERSION);
        assertThat(reasonOf(TransactionValidator.validate(tx.toByteArray(), near, new ValidationPolicy(65536, true))))
                .isEqualTo(RefusalReason.UNKNOWN_COMMAND);
        Transaction relabelled = tx.toBuilder().setVersion(TxVersion.TX_VERSION_V3).build();
        assertThat(reasonOf(TransactionValidator.validate(relabelled.toByteArray(), near, POLICY))).isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    @Test
    void vector2KeySignsV3TransactionsForItsChainOnly() {
        Transaction tx = VALIDATOR.signV3(CHAIN, proposal(1, "v1.1.0", 1100));
        assertThat(tx.getPubKey()).isEqualTo(VECTOR1_PUB_KEY);
        assertThat(TransactionValidator.validate(tx.toByteArray(), VIEW, POLICY)).isInstanceOf(Verdict.Accepted.class);
        NetworkConfig other = new NetworkConfig("cutover-devnet", NETWORK.currentRelease(), NETWORK.threshold(), 20, 150, NETWORK.validators());
        assertThat(reasonOf(TransactionValidator.validate(tx.toByteArray(), new NetworkView(other, other.currentRelease(), HEIGHT), POLICY)))
                .isEqualTo(RefusalReason.SIGNATURE_INVALID);
    }

    private RefusalReason artifactReason(ReleaseArtifact.Builder artifact) {
        InputData input = InputData.newBuilder().setNonce(1).setBlockHeight(HEIGHT)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(1100)
                        .addArtifacts(artifact))
                .build();
        return reasonOf(submit(VALIDATOR.signV3(CHAIN, input)));
    }

    private static Transaction withSignature(Transaction tx, UnaryOperator<Signature.Builder> change) {
        return tx.toBuilder().setSignature(change.apply(tx.getSignature().toBuilder())).build();
    }

    static final class MemoryLedger implements Ledger {
        final Set<String> hashes = new HashSet<>();
        final Set<String> nonces = new HashSet<>();

        void remember(Verdict.Accepted accepted) {
            hashes.add(accepted.tx().txHash());
            nonces.add(accepted.signer() + "/" + accepted.tx().inputData().getNonce());
        }

        @Override
        public boolean hasSeen(String txHash) {
            return hashes.contains(txHash);
        }

        @Override
        public boolean nonceUsed(String signer, long nonce) {
            return nonces.contains(signer + "/" + nonce);
        }
    }
}
