package io.cutover.proposal;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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

    protected static long nextNonce() {
        return NONCES.incrementAndGet();
    }
}
