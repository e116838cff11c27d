package io.cutover.proposal;

import static io.cutover.proposal.TestNetwork.ACCEPT;
import static io.cutover.proposal.TestNetwork.CHAIN;
import static io.cutover.proposal.TestNetwork.HEIGHT;
import static io.cutover.proposal.TestNetwork.proposal;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;

import io.cutover.core.tx.Digests;
import io.cutover.proposal.Clients.Outcome;
import io.cutover.proto.v1.GetNetworkInfoRequest;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;
import io.cutover.testing.KafkaBrokerResource;
import io.cutover.testing.MonitoringFiles;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Accepted transactions are durable, in order, as DESIGN.md's JSON; the reference vectors; what operators and wallets read. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class AcceptanceTest extends ServiceTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String VECTOR1_INPUT = "08959aef3a10fd0dd23e200a1537666136643966366139646661396636366661646112075553442f425443";
    private static final String VECTOR1_SIGNATURE = "876e46defc40030391b5feb2c9bb0b6b68b2d95a6b5fd17a730a46ea73f3b180"
            + "8420c8c609be6f1c6156e472ecbcd09202f750da000dee41429947a4b7eca00b";
    private static final String VECTOR1_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";

    @Test
    void acceptedTransactionsAppearOnTheTopicInOrderAsTheDesignedJson() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        byte[] first = ACCEPT.signV3(CHAIN, proposal(nextNonce(), "v1.1.0", HEIGHT + 100)).toByteArray();
        byte[] second = jdkSignedV3(proposal(nextNonce(), "v1.2.0", HEIGHT + 200));
        byte[] third = ACCEPT.signV3(CHAIN, InputData.newBuilder().setNonce(nextNonce()).setBlockHeight(HEIGHT)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId("v1.1.0@1100")).build()).toByteArray();

        assertThat(Clients.grpc(channel, first)).isEqualTo(new Outcome("OK", null, Digests.sha256Hex(first), "v1.1.0@1100"));
        assertThat(Clients.rest(second)).isEqualTo(new Outcome("202", null, Digests.sha256Hex(second), "v1.2.0@1200"));
        assertThat(Clients.grpc(channel, third)).isEqualTo(new Outcome("OK", null, Digests.sha256Hex(third), "v1.1.0@1100"));

        List<ConsumerRecord<String, String>> mine = Clients.transactions().stream()
                .filter(r -> r.value().contains(ACCEPT.publicKeyHex()) && r.value().contains("\"receivedAt\"")).toList();
        List<String> hashes = mine.stream().map(r -> json(r.value()).get("txHash").asText()).toList();
        assertThat(hashes).containsSubsequence(Digests.sha256Hex(first), Digests.sha256Hex(second), Digests.sha256Hex(third));

        ConsumerRecord<String, String> record = mine.stream().filter(r -> r.value().contains(Digests.sha256Hex(first))).findFirst().orElseThrow();
        assertThat(record.key()).isEqualTo(CHAIN);
        JsonNode value = json(record.value());
        assertThat(value.get("chainId").asText()).isEqualTo(CHAIN);
        assertThat(Base64.getDecoder().decode(value.get("tx").asText())).isEqualTo(first);
        assertThat(value.get("txHash").asText()).isEqualTo(Digests.sha256Hex(first));
        assertThat(value.get("signer").asText()).isEqualTo(ACCEPT.publicKeyHex());
        assertThat(value.get("proposalId").asText()).isEqualTo("v1.1.0@1100");
        assertThat(value.get("command").asText()).isEqualTo("COMMAND_KIND_PROPOSAL");
        assertThat(Instant.parse(value.get("receivedAt").asText())).isAfter(before);
        assertThat(value.get("networkHeight").asText()).isEqualTo(String.valueOf(HEIGHT));
        JsonNode rejection = json(mine.stream().filter(r -> r.value().contains(Digests.sha256Hex(third))).findFirst().orElseThrow().value());
        assertThat(rejection.get("command").asText()).isEqualTo("COMMAND_KIND_REJECTION");
    }

    @Test
    void vector1IsRefusedAsV2AndAsV3ItsSignatureDoesNotVerify() {
        Transaction v2 = Transaction.newBuilder().setInputData(ByteString.copyFrom(HEX.parseHex(VECTOR1_INPUT)))
                .setSignature(io.cutover.proto.vega.Signature.newBuilder().setValue(VECTOR1_SIGNATURE).setAlgo("vega/ed25519").setVersion(1))
                .setPubKey(VECTOR1_PUB_KEY).setVersion(TxVersion.TX_VERSION_V2).build();
        assertThat(Clients.grpc(channel, v2.toByteArray())).isEqualTo(new Outcome("INVALID_ARGUMENT", "UNSUPPORTED_TX_VERSION", null, null));
        byte[] v3 = v2.toBuilder().setVersion(TxVersion.TX_VERSION_V3).build().toByteArray();
        assertThat(Clients.rest(v3)).isEqualTo(new Outcome("401", "SIGNATURE_INVALID", null, null));
    }

    @Test
    void networkInfoOverGrpcAndRestTellsAWalletWhatItNeeds() {
        NetworkInfo info = ProposalServiceGrpc.newBlockingStub(channel).getNetworkInfo(GetNetworkInfoRequest.getDefaultInstance());
        assertThat(info.getChainId()).isEqualTo(CHAIN);
        assertThat(info.getCurrentRelease()).isEqualTo("v1.0.0");
        assertThat(info.getNetworkHeight()).isEqualTo(HEIGHT);
        assertThat(info.getValidatorsCount()).isEqualTo(11);
        assertThat(info.getTotalVotingPower()).isEqualTo(100);
        assertThat(info.getApprovalThreshold()).isEqualTo("2/3");
        assertThat(info.getMinLeadBlocks()).isEqualTo(20);
        given().get("/api/v1/network").then().statusCode(200)
                .body("chainId", equalTo(CHAIN)).body("currentRelease", equalTo("v1.0.0")).body("networkHeight", equalTo((int) HEIGHT))
                .body("validators.size()", equalTo(11)).body("approvalRule", equalTo("greater"));
    }

    @Test
    void serverReflectionListsTheService() throws Exception {
        java.util.concurrent.CompletableFuture<ServerReflectionResponse> answer = new java.util.concurrent.CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(new StreamObserver<>() {
            public void onNext(ServerReflectionResponse value) {
                answer.complete(value);
            }

            public void onError(Throwable t) {
                answer.completeExceptionally(t);
            }

            public void onCompleted() {
            }
        });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        ServerReflectionResponse response = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        requests.onCompleted();
        assertThat(response.getListServicesResponse().getServiceList()).anyMatch(s -> s.getName().equals("cutover.v1.ProposalService"));
    }

    @Test
    void publishesOpenApiHealthAndMetrics() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/transactions")).body(containsString("/api/v1/network"));
        assertThat(awaitReady()).contains("kafka-upgrade-transactions");
        Clients.grpc(channel, new byte[] {1, 2, 3});
        String scrape = given().get("/q/metrics").then().statusCode(200)
                .body(containsString("cutover_transactions_refused_total{reason=\"MALFORMED_TRANSACTION\"}"))
                .body(containsString("cutover_transactions_accepted_total"))
                .body(containsString("cutover_submission_latency_seconds")).extract().asString();
        assertThat(MonitoringFiles.exposedNames(scrape)).as("every proposal-service metric deploy/monitoring queries")
                .containsAll(MonitoringFiles.metricNamesOf("proposal-service"));
    }

    /** A V3 transaction signed with the JDK's own Ed25519 and SHA3-256, independent of core's signer. */
    private static byte[] jdkSignedV3(InputData input) throws Exception {
        byte[] inputBytes = input.toByteArray();
        byte[] chain = CHAIN.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] message = new byte[chain.length + 1 + inputBytes.length];
        System.arraycopy(chain, 0, message, 0, chain.length);
        System.arraycopy(inputBytes, 0, message, chain.length + 1, inputBytes.length);
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, HEX.parseHex(TestNetwork.VECTOR_SEED)));
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(key);
        ed25519.update(MessageDigest.getInstance("SHA3-256").digest(message));
        return Transaction.newBuilder().setInputData(ByteString.copyFrom(inputBytes))
                .setSignature(io.cutover.proto.vega.Signature.newBuilder().setValue(HEX.formatHex(ed25519.sign())).setAlgo("vega/ed25519")
                        .setVersion(1))
                .setPubKey(VECTOR1_PUB_KEY).setVersion(TxVersion.TX_VERSION_V3).build().toByteArray();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
