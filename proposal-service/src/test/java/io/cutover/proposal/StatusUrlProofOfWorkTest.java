package io.cutover.proposal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cutover.core.pow.VegaProofOfWork;
import io.cutover.proto.vega.ProofOfWork;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.api.CoreServiceGrpc;
import io.cutover.proto.vega.api.LastBlockHeightRequest;
import io.cutover.proto.vega.api.LastBlockHeightResponse;
import io.cutover.proto.vega.api.SubmitTransactionRequest;
import io.cutover.proto.vega.api.SubmitTransactionResponse;
import io.grpc.ManagedChannel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * With the height from a status URL, the block hash comes from the node too (latest_block_hash, handed out in
 * lowercase as Vega does); a proof of work on it is accepted once network.toml asks for one, and one on a height
 * the service never polled is refused.
 */
@QuarkusTest
@WithTestResource(StatusUrlNetwork.class)
class StatusUrlProofOfWorkTest {

    private static final long HEIGHT = TestNetwork.HEIGHT;
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        StatusUrlNetwork.HEIGHT.set(HEIGHT);
        channel = Clients.channel(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/api/v1/network").jsonPath().getLong("networkHeight") == HEIGHT);
    }

    @AfterEach
    void restore() throws Exception {
        Files.writeString(StatusUrlNetwork.file(), TestNetwork.toml(StatusUrlNetwork.CHAIN, "v1.0.0"));
        awaitDifficulty(0);
        channel.shutdownNow();
    }

    private static void awaitDifficulty(int difficulty) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/blockchain/height").jsonPath().getInt("spamPowDifficulty") == difficulty);
    }

    @Test
    void proofsOfWorkAreOnTheNodesBlockHash() throws Exception {
        String nodeHash = StatusUrlNetwork.blockHash(HEIGHT);
        assertThat(given().get("/blockchain/height").jsonPath().getString("hash")).isEqualTo(nodeHash.toLowerCase());
        assertThat(given().get("/api/v1/network").jsonPath().getString("blockHash")).isEqualTo(nodeHash.toLowerCase());

        Files.writeString(StatusUrlNetwork.file(), TestNetwork.toml(StatusUrlNetwork.CHAIN, "v1.0.0")
                + "\n[spam.pow]\ndifficulty = 8\nnumberOfPastBlocks = 20\n");
        awaitDifficulty(8);
        var core = CoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
        LastBlockHeightResponse last = core.lastBlockHeight(LastBlockHeightRequest.getDefaultInstance());
        assertThat(last.getSpamPowNumberOfPastBlocks()).isEqualTo(20);

        String tid = "cd".repeat(32);
        Transaction solved = solve(sign(701, last.getHeight()), last.getHash(), tid);
        SubmitTransactionResponse accepted = core.submitTransaction(SubmitTransactionRequest.newBuilder().setTx(solved)
                .setType(SubmitTransactionRequest.Type.TYPE_SYNC).build());
        assertThat(accepted.getCode()).as(accepted.toString()).isZero();

        // a height inside the window that the service never polled: no hash known
        Transaction unpolled = solve(sign(703, HEIGHT - 3), StatusUrlNetwork.blockHash(HEIGHT - 3).toLowerCase(), "ab".repeat(32));
        SubmitTransactionResponse unknown = core.submitTransaction(SubmitTransactionRequest.newBuilder().setTx(unpolled).build());
        assertThat(unknown.getCode()).isEqualTo(89);
        assertThat(unknown.getData()).startsWith("PROOF_OF_WORK_BLOCK_UNKNOWN");
    }

    private static Transaction sign(long nonce, long blockHeight) {
        return TestNetwork.VEGA_GRPC.signV3(StatusUrlNetwork.CHAIN, TestNetwork.proposal(nonce, "v1.1.0", HEIGHT + 100).toBuilder()
                .setBlockHeight(blockHeight).build());
    }

    private static Transaction solve(Transaction tx, String hash, String tid) {
        return tx.toBuilder().setPow(ProofOfWork.newBuilder().setTid(tid).setNonce(VegaProofOfWork.solve(hash, tid, 8))).build();
    }
}
