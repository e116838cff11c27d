package io.cutover.proposal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.google.protobuf.util.JsonFormat;

import io.cutover.core.pow.BlockHashes;
import io.cutover.core.tx.Digests;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.api.CheckTransactionRequest;
import io.cutover.proto.vega.api.CheckTransactionResponse;
import io.cutover.proto.vega.api.CoreServiceGrpc;
import io.cutover.proto.vega.api.GetSpamStatisticsRequest;
import io.cutover.proto.vega.api.GetSpamStatisticsResponse;
import io.cutover.proto.vega.api.GetVegaTimeRequest;
import io.cutover.proto.vega.api.LastBlockHeightRequest;
import io.cutover.proto.vega.api.LastBlockHeightResponse;
import io.cutover.proto.vega.api.PropagateChainEventRequest;
import io.cutover.proto.vega.api.StatisticsRequest;
import io.cutover.proto.vega.api.Statistics;
import io.cutover.proto.vega.api.SubmitRawTransactionRequest;
import io.cutover.proto.vega.api.SubmitRawTransactionResponse;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.cutover.testing.KafkaBrokerResource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * vega.api.v1.CoreService over gRPC and its REST gateway paths, on the running service and the real broker:
 * what a Vega wallet reads and sends, Vega's codes for Cutover's refusals, CheckTransaction never writing.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(TestNetwork.class)
class VegaApiTest extends ServiceTest {

    private static final String V110 = "v1.1.0";

    private CoreServiceGrpc.CoreServiceBlockingStub core() {
        return CoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static Transaction proposal(io.cutover.core.tx.TransactionSigner signer, String tag) {
        return signer.signV3(TestNetwork.CHAIN, TestNetwork.proposal(nextNonce(), tag, TestNetwork.HEIGHT + 100));
    }

    @Test
    void lastBlockHeightGivesWhatAWalletNeedsOverGrpcAndRest() {
        LastBlockHeightResponse last = core().lastBlockHeight(LastBlockHeightRequest.getDefaultInstance());
        assertThat(last.getHeight()).isEqualTo(TestNetwork.HEIGHT);
        assertThat(last.getHash()).isEqualTo(BlockHashes.derived(TestNetwork.CHAIN, TestNetwork.HEIGHT)).matches("[0-9a-f]{64}");
        assertThat(last.getChainId()).isEqualTo(TestNetwork.CHAIN);
        assertThat(last.getSpamPowHashFunction()).isEqualTo("sha3_24_rounds");
        assertThat(last.getSpamPowDifficulty()).as("no [spam.pow] in network.toml: off").isZero();
        assertThat(last.getSpamPowNumberOfPastBlocks()).isEqualTo(100);
        assertThat(last.getSpamPowNumberOfTxPerBlock()).isEqualTo(2);

        given().get("/blockchain/height").then().statusCode(200).contentType("application/json")
                .body("height", equalTo(String.valueOf(TestNetwork.HEIGHT)))
                .body("hash", equalTo(last.getHash()))
                .body("spamPowHashFunction", equalTo("sha3_24_rounds"))
                .body("spamPowDifficulty", equalTo(0))
                .body("spamPowIncreasingDifficulty", equalTo(false))
                .body("chainId", equalTo(TestNetwork.CHAIN));
    }

    @Test
    void submitTransactionSyncIsAcceptedAndDurableWithVegaAnswer() {
        int before = Clients.transactions().size();
        Transaction tx = proposal(TestNetwork.VEGA_GRPC, V110);
        SubmitTransactionResponse answer = core().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx)
                .setType(SubmitTransactionRequest.Type.TYPE_SYNC).build());
        assertThat(answer.getSuccess()).isTrue();
        assertThat(answer.getCode()).isZero();
        assertThat(answer.getTxHash()).isEqualTo(Digests.sha256Hex(tx.toByteArray()));
        assertThat(answer.getLog()).isEqualTo(V110 + "@" + (TestNetwork.HEIGHT + 100));
        assertThat(Clients.transactions()).hasSize(before + 1).last().satisfies(r -> assertThat(r.value()).contains(answer.getTxHash()));

        SubmitTransactionResponse again = core().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx).build());
        assertThat(again.getSuccess()).isFalse();
        assertThat(again.getCode()).as("a replayed transaction is spam to Vega").isEqualTo(89);
        assertThat(again.getData()).startsWith("DUPLICATE_TRANSACTION: ");
        assertThat(Clients.transactions()).hasSize(before + 1);
    }

    @Test
    void submitRawTransactionAnswersAsVegaDoes() {
        byte[] tx = proposal(TestNetwork.VEGA_GRPC, V110).toByteArray();
        SubmitRawTransactionResponse answer = core().submitRawTransaction(SubmitRawTransactionRequest.newBuilder()
                .setTx(com.google.protobuf.ByteString.copyFrom(tx)).setType(SubmitRawTransactionRequest.Type.TYPE_ASYNC).build());
        assertThat(answer.getSuccess()).isTrue();
        assertThat(answer.getCode()).isZero();
        assertThat(answer.getTxHash()).isEqualTo(Digests.sha256Hex(tx));

        SubmitRawTransactionResponse refused = core().submitRawTransaction(SubmitRawTransactionRequest.newBuilder()
                .setTx(com.google.protobuf.ByteString.copyFrom(tx)).setType(SubmitRawTransactionRequest.Type.TYPE_SYNC).build());
        assertThat(refused.getSuccess()).as("Vega's raw answer is success with a code").isTrue();
        assertThat(refused.getCode()).isEqualTo(89);
        assertThat(new String(java.util.HexFormat.of().parseHex(refused.getData()), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("DUPLICATE_TRANSACTION");
        assertThat(refused.getData()).isUpperCase();

        assertThatThrownBy(() -> core().submitRawTransaction(SubmitRawTransactionRequest.newBuilder()
                .setTx(com.google.protobuf.ByteString.copyFrom(tx)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void checkTransactionNeverWrites() {
        Transaction tx = proposal(TestNetwork.VEGA_REST, V110);
        int before = Clients.transactions().size();
        CheckTransactionResponse checked = core().checkTransaction(CheckTransactionRequest.newBuilder().setTx(tx).build());
        assertThat(checked.getSuccess()).isTrue();
        assertThat(checked.getCode()).isZero();
        given().contentType("application/json").body("{\"tx\":\"" + Base64.getEncoder().encodeToString(tx.toByteArray()) + "\"}")
                .post("/transaction/raw/check").then().statusCode(200).body("success", equalTo(true)).body("code", equalTo(0));
        CheckTransactionResponse refused = core().checkTransaction(CheckTransactionRequest.newBuilder()
                .setTx(proposal(TestNetwork.VEGA_REST, "v0.9.0")).build());
        assertThat(refused.getCode()).isEqualTo(51);
        assertThat(refused.getData()).startsWith("DOWNGRADE: ");
        assertThat(Clients.transactions()).as("checks write nothing").hasSize(before);

        // nothing was reserved either: the checked bytes are accepted afterwards, and then a check says duplicate
        assertThat(core().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(tx).build()).getCode()).isZero();
        assertThat(core().checkTransaction(CheckTransactionRequest.newBuilder().setTx(tx).build()).getCode()).isEqualTo(89);
        assertThat(Clients.transactions()).hasSize(before + 1);
    }

    @Test
    void restGatewayTakesTheTransactionAsVegaJson() throws Exception {
        Transaction tx = proposal(TestNetwork.VEGA_REST, V110);
        String json = "{\"tx\":" + JsonFormat.printer().print(tx) + ",\"type\":\"TYPE_SYNC\"}";
        assertThat(json).contains("\"inputData\"", "\"pubKey\"", "\"TX_VERSION_V3\"");
        Response answer = given().contentType("application/json").body(json).post("/transaction");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getBoolean("success")).as(answer.asString()).isTrue();
        assertThat(answer.jsonPath().getInt("code")).isZero();
        assertThat(answer.jsonPath().getString("txHash")).isEqualTo(Digests.sha256Hex(tx.toByteArray()));
        assertThat(answer.jsonPath().getString("height")).as("int64 as a string, zero values included").isEqualTo("0");

        // proto field names and enum numbers are read too
        Transaction other = proposal(TestNetwork.VEGA_REST, V110);
        String snake = JsonFormat.printer().preservingProtoFieldNames().print(other).replace("\"TX_VERSION_V3\"", "3");
        Response second = given().contentType("application/json").body("{\"tx\":" + snake + ",\"type\":2}").post("/transaction");
        assertThat(second.jsonPath().getInt("code")).as(second.asString()).isZero();
    }

    @Test
    void refusalsCarryVegaCodesAndCutoverReasons() {
        Transaction stranger = TestNetwork.STRANGER.signV3(TestNetwork.CHAIN, TestNetwork.proposal(nextNonce(), V110, TestNetwork.HEIGHT + 100));
        SubmitTransactionResponse unknown = core().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(stranger).build());
        assertThat(unknown.getSuccess()).isFalse();
        assertThat(unknown.getCode()).isEqualTo(51);
        assertThat(unknown.getData()).startsWith("UNKNOWN_VALIDATOR: ");

        Transaction otherChain = TestNetwork.VEGA_GRPC.signV3("another-chain", TestNetwork.proposal(nextNonce(), V110, TestNetwork.HEIGHT + 100));
        assertThat(core().submitTransaction(SubmitTransactionRequest.newBuilder().setTx(otherChain).build()).getCode()).isEqualTo(60);

        assertThatThrownBy(() -> core().submitTransaction(SubmitTransactionRequest.getDefaultInstance()))
                .as("no tx").isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        given().contentType("application/json").body("{\"type\":\"TYPE_SYNC\"}").post("/transaction").then().statusCode(400)
                .body("code", equalTo(3)).body("details.size()", equalTo(0));
        given().contentType("application/json").body("not json").post("/transaction").then().statusCode(400).body("code", equalTo(3));
    }

    @Test
    void statisticsTimeAndSpamStatistics() {
        Statistics stats = core().statistics(StatisticsRequest.getDefaultInstance()).getStatistics();
        assertThat(stats.getBlockHeight()).isEqualTo(TestNetwork.HEIGHT);
        assertThat(stats.getChainId()).isEqualTo(TestNetwork.CHAIN);
        assertThat(stats.getAppVersion()).isEqualTo("v1.0.0");
        assertThat(stats.getBlockHash()).isEqualTo(BlockHashes.derived(TestNetwork.CHAIN, TestNetwork.HEIGHT));
        given().get("/statistics").then().statusCode(200).body("statistics.blockHeight", equalTo(String.valueOf(TestNetwork.HEIGHT)))
                .body("statistics.chainId", equalTo(TestNetwork.CHAIN));

        long now = System.currentTimeMillis() * 1_000_000L;
        long time = core().getVegaTime(GetVegaTimeRequest.getDefaultInstance()).getTimestamp();
        assertThat(time).isBetween(now - 60_000_000_000L, now + 60_000_000_000L);
        assertThat(given().get("/time").jsonPath().getString("timestamp")).matches("\\d{19}");

        GetSpamStatisticsResponse spam = core().getSpamStatistics(GetSpamStatisticsRequest.newBuilder()
                .setPartyId(TestNetwork.STRANGER.publicKeyHex()).build());
        assertThat(spam.getChainId()).isEqualTo(TestNetwork.CHAIN);
        assertThat(spam.getStatistics().getPow().getBlockStates(0).getBlockHeight()).isEqualTo(TestNetwork.HEIGHT);
        assertThat(spam.getStatistics().getPow().getBlockStates(0).getHashFunction()).isEqualTo("sha3_24_rounds");
        given().get("/statistics/spam/" + TestNetwork.STRANGER.publicKeyHex()).then().statusCode(200)
                .body("statistics.pow.blockStates[0].blockHeight", equalTo(String.valueOf(TestNetwork.HEIGHT)));
        given().get("/statistics/spam/nothex").then().statusCode(400).body("code", equalTo(3));
    }

    @Test
    void whatIsNotServedIsUnimplemented() {
        assertThatThrownBy(() -> core().propagateChainEvent(PropagateChainEventRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    }
}
