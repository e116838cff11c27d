package io.cutover.proposal;

import static io.restassured.RestAssured.given;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.cutover.core.tx.Digests;
import io.cutover.proposal.Clients.Outcome;
import io.grpc.ManagedChannel;

/** Shared set-up of the tests on the default test network: a gRPC channel and a known network height. */
abstract class ServiceTest {

    private static final AtomicLong NONCES = new AtomicLong(1000);

    protected ManagedChannel channel;

    @BeforeEach
    void connectAndKnowTheHeight() {
        channel = Clients.channel(ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
        if (given().get("/api/v1/network").jsonPath().getLong("networkHeight") != TestNetwork.HEIGHT) {
            Clients.reportHeight(TestNetwork.CHAIN, TestNetwork.HEIGHT, TestNetwork.CONSENSUS);
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> given().get("/api/v1/network").jsonPath().getLong("networkHeight") == TestNetwork.HEIGHT);
        }
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    /** Submits a fresh transaction (made per transport) through both transports and checks both answers; none reaches Kafka. */
    protected void refusedBoth(Function<Integer, byte[]> txFor, String grpcCode, int http, String reason) {
        byte[] viaGrpc = txFor.apply(0);
        byte[] viaRest = txFor.apply(1);
        assertThat(Clients.grpc(channel, viaGrpc)).isEqualTo(new Outcome(grpcCode, reason, null, null));
        assertThat(Clients.rest(viaRest)).isEqualTo(new Outcome(String.valueOf(http), reason, null, null));
        assertThat(Clients.transactions()).noneMatch(r -> r.value().contains(Digests.sha256Hex(viaGrpc))
                || r.value().contains(Digests.sha256Hex(viaRest)));
    }

    protected void refusedBoth(byte[] tx, String grpcCode, int http, String reason) {
        refusedBoth(i -> tx, grpcCode, http, reason);
    }

    protected static long nextNonce() {
        return NONCES.incrementAndGet();
    }
}
