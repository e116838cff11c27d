package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.REFUSALS;
import static io.cutover.proposal.TestNetwork.proposal;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.cutover.core.tx.Digests;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;
import io.cutover.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every refusal reason reachable on a healthy network, through gRPC and through REST: status and reason. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class RefusalsTest extends ServiceTest {

    private static byte[] signed(InputData input) {
        return REFUSALS.signV3(CHAIN, input).toByteArray();
    }

    @Test
    void refusesBytesThatAreNotATransaction() {
        refusedBoth(new byte[] {(byte) 0xff, 0x01, 0x02}, "INVALID_ARGUMENT", 400, "MALFORMED_TRANSACTION");
        refusedBoth(new byte[0], "INVALID_ARGUMENT", 400, "MALFORMED_TRANSACTION");
    }

    @Test
    void refusesARestBodyThatIsNotJsonOrNotBase64() {
        assertThat(Clients.restBody("not json")).isEqualTo(new Outcome("400", "MALFORMED_TRANSACTION", null, null));
        assertThat(Clients.restBody("{\"tx\":\"***\"}")).isEqualTo(new Outcome("400", "MALFORMED_TRANSACTION", null, null));
        assertThat(Clients.restBody("{}")).isEqualTo(new Outcome("400", "MALFORMED_TRANSACTION", null, null));
    }

    @Test
    void refusesATransactionOverTheSizeLimit() {
        InputData big = proposal(nextNonce(), "v1.1.0", HEIGHT + 100).toBuilder()
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(HEIGHT + 100)
                        .addArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("ab".repeat(32))
                                .setUrl("https://example.org/" + "x".repeat(70_000))))
                .build();
        refusedBoth(signed(big), "INVALID_ARGUMENT", 413, "TOO_LARGE");
    }

    @Test
    void refusesV2AndUnspecifiedVersions() {
        refusedBoth(i -> REFUSALS.signV2(proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray(), "INVALID_ARGUMENT", 400,
                "UNSUPPORTED_TX_VERSION");
        refusedBoth(i -> REFUSALS.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toBuilder()
                .setVersion(TxVersion.TX_VERSION_UNSPECIFIED).build().toByteArray(), "INVALID_ARGUMENT", 400, "UNSUPPORTED_TX_VERSION");
    }

    @Test
    void refusesAnotherSignatureAlgorithm() {
        refusedBoth(i -> {
            Transaction tx = REFUSALS.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100));
            return tx.toBuilder().setSignature(tx.getSignature().toBuilder().setAlgo("vega/secp256k1")).build().toByteArray();
        }, "INVALID_ARGUMENT", 400, "UNSUPPORTED_SIGNATURE_ALGORITHM");
    }

    @Test
    void refusesABadSignatureAndOneForAnotherChain() {
        refusedBoth(i -> REFUSALS.signV3("another-chain", proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray(),
                "UNAUTHENTICATED", 401, "SIGNATURE_INVALID");
        refusedBoth(i -> {
            Transaction tx = REFUSALS.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100));
            return tx.toBuilder().setInputData(ByteString.copyFrom(proposal(nextNonce(), "v1.2.0", HEIGHT + 100).toByteArray()))
                    .build().toByteArray();
        }, "UNAUTHENTICATED", 401, "SIGNATURE_INVALID");
    }

    @Test
    void refusesUnknownAndPowerlessSigners() {
        refusedBoth(i -> TestNetwork.STRANGER.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray(),
                "PERMISSION_DENIED", 403, "UNKNOWN_VALIDATOR");
        refusedBoth(i -> TestNetwork.OBSERVER.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray(),
                "PERMISSION_DENIED", 403, "NOT_CONSENSUS_VALIDATOR");
    }

    @Test
    void refusesInputDataWithoutACommand() {
        refusedBoth(i -> signed(InputData.newBuilder().setNonce(nextNonce()).setBlockHeight(HEIGHT).build()), "INVALID_ARGUMENT", 400,
                "UNKNOWN_COMMAND");
    }

    @Test
    void refusesANonSemverTagAndMalformedArtifacts() {
        refusedBoth(i -> signed(proposal(nextNonce(), "release-7", HEIGHT + 100)), "INVALID_ARGUMENT", 400, "INVALID_RELEASE_TAG");
        refusedBoth(i -> signed(proposal(nextNonce(), "v1.1.0", HEIGHT + 100).toBuilder()
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(HEIGHT + 100)
                        .addArtifacts(ReleaseArtifact.newBuilder().setPlatform("linux/amd64").setSha256("not-hex")))
                .build()), "INVALID_ARGUMENT", 400, "INVALID_ARTIFACT");
    }

    @Test
    void refusesAHeightTooSoonAndADowngrade() {
        refusedBoth(i -> signed(proposal(nextNonce(), "v1.1.0", HEIGHT + 5)), "FAILED_PRECONDITION", 422, "HEIGHT_TOO_SOON");
        refusedBoth(i -> signed(proposal(nextNonce(), "v0.9.0", HEIGHT + 100)), "FAILED_PRECONDITION", 422, "DOWNGRADE");
    }

    @Test
    void refusesAStaleBlockHeight() {
        refusedBoth(i -> signed(proposal(nextNonce(), "v1.1.0", HEIGHT + 100).toBuilder().setBlockHeight(HEIGHT - 500).build()),
                "FAILED_PRECONDITION", 422, "STALE_BLOCK_HEIGHT");
    }

    @Test
    void refusesARejectionOfAMalformedProposalId() {
        refusedBoth(i -> signed(InputData.newBuilder().setNonce(nextNonce()).setBlockHeight(HEIGHT)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(i == 0 ? "" : "v1.1.0")).build()),
                "INVALID_ARGUMENT", 400, "UNKNOWN_PROPOSAL");
    }

    @Test
    void refusesADuplicateAndAReusedNonceAndAZeroNonce() {
        long nonce = nextNonce();
        byte[] first = signed(proposal(nonce, "v1.1.0", HEIGHT + 100));
        assertThat(Clients.grpc(channel, first).accepted()).isTrue();
        assertThat(Clients.grpc(channel, first)).isEqualTo(new Outcome("ALREADY_EXISTS", "DUPLICATE_TRANSACTION", null, null));
        assertThat(Clients.rest(first)).isEqualTo(new Outcome("409", "DUPLICATE_TRANSACTION", null, null));
        refusedBoth(signed(proposal(nonce, "v1.2.0", HEIGHT + 100)), "ALREADY_EXISTS", 409, "NONCE_REUSED");
        refusedBoth(signed(proposal(0, "v1.2.0", HEIGHT + 100)), "ALREADY_EXISTS", 409, "NONCE_REUSED");
        assertThat(Clients.transactions()).filteredOn(r -> r.value().contains(Digests.sha256Hex(first))).hasSize(1);
    }

    @Test
    void refusesAValidatorOverItsAllowance() {
        for (int i = 0; i < 5; i++) {
            assertThat(Clients.grpc(channel, TestNetwork.LIMITED.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray())
                    .accepted()).isTrue();
        }
        refusedBoth(i -> TestNetwork.LIMITED.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray(),
                "RESOURCE_EXHAUSTED", 429, "RATE_LIMITED");
    }
}
