package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cutover.aggregator.config.AlertConfig;
import io.cutover.aggregator.domain.alert.Alert;
import io.cutover.testing.KafkaBroker;

/** The webhook sender against a real HTTP server: bodies, the Idempotency-Key header, retries, and never blocking. */
class WebhookSenderTest {

    private static final Alert ALERT = new Alert("devnet/v1.2.0@5000/before-PT6H", Alert.Kind.LEAD, "devnet", "v1.2.0@5000",
            "Upgrade in 6 h: v1.2.0@5000 (devnet)", "height 5000 is expected at 2026-12-08T14:00:00Z", Instant.parse("2026-12-08T08:00:00Z"),
            Map.of("height", 5000L));

    private final List<Alert> delivered = new CopyOnWriteArrayList<>();

    private WebhookSender sender(URI webhook, AlertConfig.Format format, int capacity) {
        return new WebhookSender(List.of(webhook), format, Duration.ofMillis(50), Duration.ofMillis(200), capacity, delivered::add);
    }

    @Test
    void postsThePlainJsonBodyWithTheIdempotencyKeyHeader() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200); WebhookSender sender = sender(receiver.uri(), AlertConfig.Format.JSON, 10)) {
            assertThat(sender.submit(ALERT)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(ALERT));
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().get(0).idempotencyKey()).isEqualTo(ALERT.key());
            JsonNode body = AlertJson.parse(receiver.received().get(0).body());
            assertThat(body.path("idempotency_key").asText()).isEqualTo(ALERT.key());
            assertThat(body.path("kind").asText()).isEqualTo("lead");
            assertThat(body.path("chain_id").asText()).isEqualTo("devnet");
            assertThat(body.path("upgrade_id").asText()).isEqualTo("v1.2.0@5000");
            assertThat(body.path("title").asText()).isEqualTo(ALERT.title());
            assertThat(body.path("text").asText()).isEqualTo(ALERT.text());
            assertThat(body.path("at").asText()).isEqualTo("2026-12-08T08:00:00Z");
            assertThat(body.path("figures").path("height").asLong()).isEqualTo(5000);
            assertThat(AlertJson.read(body)).isEqualTo(ALERT);
        }
    }

    @Test
    void postsASlackBodyWithTheKeyInItsTextAndHeader() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200); WebhookSender sender = sender(receiver.uri(), AlertConfig.Format.SLACK, 10)) {
            sender.submit(ALERT);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(ALERT));
            JsonNode body = AlertJson.parse(receiver.received().get(0).body());
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.path("text").asText()).contains("*" + ALERT.title() + "*", ALERT.text(), "idempotency key: " + ALERT.key());
            assertThat(receiver.received().get(0).idempotencyKey()).isEqualTo(ALERT.key());
        }
    }

    @Test
    void retriesAfterServerErrorsUntilTheWebhookAccepts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (WebhookReceiver receiver = WebhookReceiver.on(0, () -> calls.incrementAndGet() <= 3 ? 500 : 204, () -> { });
                WebhookSender sender = sender(receiver.uri(), AlertConfig.Format.JSON, 10)) {
            sender.submit(ALERT);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(ALERT));
            assertThat(receiver.received()).hasSize(4).allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(ALERT.key()));
        }
    }

    @Test
    void retriesAWebhookThatRefusedTheConnectionOnceItListens() throws Exception {
        int port = KafkaBroker.freePort();
        try (WebhookSender sender = sender(URI.create("http://127.0.0.1:" + port + "/hook"), AlertConfig.Format.JSON, 10)) {
            AtomicInteger attempts = new AtomicInteger();
            sender.submit(ALERT);
            Thread.sleep(300); // a few refused attempts
            assertThat(delivered).isEmpty();
            try (WebhookReceiver receiver = WebhookReceiver.on(port, () -> 200, attempts::incrementAndGet)) {
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(ALERT));
                assertThat(receiver.received()).hasSize(1);
            }
        }
    }

    @Test
    void neverBlocksTheCallerAndRefusesMoreThanItsCapacity() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Alert second = new Alert("devnet/v1.2.0@5000/approved", Alert.Kind.APPROVED, "devnet", "v1.2.0@5000", "t", "x", ALERT.at(), Map.of());
        Alert third = new Alert("devnet/v1.2.0@5000/readiness-short", Alert.Kind.READINESS_SHORT, "devnet", "v1.2.0@5000", "t", "x",
                ALERT.at(), Map.of());
        try (WebhookReceiver receiver = WebhookReceiver.on(0, () -> 200, () -> await(hold));
                WebhookSender sender = sender(receiver.uri(), AlertConfig.Format.JSON, 2)) {
            assertThat(sender.submit(ALERT)).isTrue();
            assertThat(sender.submit(second)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2); // both held by the webhook
            assertThat(sender.hasRoom()).isFalse();
            assertThat(sender.submit(third)).as("the queue is full: refused, not blocked").isFalse();
            hold.countDown();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
            assertThat(sender.hasRoom()).isTrue();
            assertThat(sender.submit(third)).isTrue();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains(third));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
