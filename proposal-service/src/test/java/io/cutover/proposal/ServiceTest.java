package io.cutover.proposal;

import static io.restassured.RestAssured.given;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
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

    /**
     * Waits until readiness answers 200 and returns its body. Readiness asks the Kafka cluster with a
     * 2-second timeout, so on a loaded machine one answer can be DOWN while the service serves; a
     * service that stays unready fails here with the last body, which names the check that is down.
     */
    protected static String awaitReady() {
        var last = new AtomicReference<String>();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                var response = given().get("/q/health/ready");
                last.set(response.statusCode() + " " + response.asString());
                if (response.statusCode() != 200) {
                    System.out.println("readiness not yet up: " + last.get().replaceAll("\\s+", " "));
                }
                return response.statusCode() == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("readiness stayed down for 30 s; last answer: " + last.get(), e);
        }
        return last.get();
    }

    protected static long nextNonce() {
        return NONCES.incrementAndGet();
    }
}
