package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.CommonClientConfigs;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.aggregator.config.AlertConfig;
import io.cutover.aggregator.domain.alert.AlertRules;
import io.cutover.aggregator.domain.alert.AlertSettings;
import io.cutover.aggregator.domain.alert.NodeFacts;
import io.cutover.aggregator.domain.alert.UpgradeFacts;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * Each alert once across instances, against the real broker: what one instance raised and delivered, a second
 * one (a restart, or the stand-by taking over) reads back from the alert topic and does not send again; what was
 * recorded but never delivered, it sends again with the same idempotency key.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AlertOncePerEventTest {

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
    private static final AlertRules RULES = new AlertRules(new AlertSettings(List.of(Duration.ofHours(24), Duration.ofHours(6)),
            Duration.ofHours(6), Duration.ofMinutes(10)));
    private static final UpgradeFacts UPGRADE = new UpgradeFacts("alert-chain", "v1.2.0@5000", "v1.2.0", 5000, false,
            Optional.of(NOW.plus(Duration.ofDays(3))), 0, 27, 100, Optional.empty());
    private static final AlertDispatcher.Situation APPROVED = new AlertDispatcher.Situation(List.of(UPGRADE), List.of());
    private static final AlertDispatcher.Situation APPROVED_AND_FAILED = new AlertDispatcher.Situation(List.of(UPGRADE),
            List.of(new NodeFacts("alert-chain", "validator-2", "FAILED", "v1.2.0@5000", "checksum mismatch")));
    private static final String APPROVED_KEY = "alert-chain/v1.2.0@5000/approved";
    private static final String FAILED_KEY = "alert-chain/v1.2.0@5000/validator-2/failed";

    private static AlertDispatcher dispatcher(KafkaBroker broker, String topic, URI webhook) {
        Properties connection = new Properties();
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new AlertDispatcher("alert-chain", RULES, new AlertLog(connection, topic), delivered -> new WebhookSender(List.of(webhook),
                AlertConfig.Format.JSON, Duration.ofMillis(100), Duration.ofMillis(400), 100, delivered));
    }

    private static AlertLog.State stateOf(KafkaBroker broker, String topic, String key) {
        Properties connection = new Properties();
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (AlertLog log = new AlertLog(connection, topic)) {
            AlertLog.Entry entry = log.readAll().get(key);
            return entry == null ? null : entry.state();
        }
    }

    private static List<String> keys(WebhookReceiver receiver) {
        return receiver.received().stream().map(WebhookReceiver.Received::idempotencyKey).toList();
    }

    @Test
    void aSecondInstanceReadingTheAlertTopicSendsNothingAgain(KafkaBroker broker) throws Exception {
        String topic = "test.alerts-" + UUID.randomUUID();
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            try (AlertDispatcher first = dispatcher(broker, topic, receiver.uri())) {
                first.tick(true, APPROVED, NOW);
                Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> stateOf(broker, topic, APPROVED_KEY) == AlertLog.State.DELIVERED);
                first.tick(true, APPROVED, NOW.plusSeconds(5));
            }
            assertThat(keys(receiver)).containsExactly(APPROVED_KEY);

            try (AlertDispatcher second = dispatcher(broker, topic, receiver.uri())) {
                second.tick(false, APPROVED_AND_FAILED, NOW.plusSeconds(10)); // standing by: sends nothing
                second.tick(true, APPROVED_AND_FAILED, NOW.plusSeconds(15)); // active: reads the topic, raises only the new event
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> keys(receiver).contains(FAILED_KEY));
                Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> stateOf(broker, topic, FAILED_KEY) == AlertLog.State.DELIVERED);
            }
            assertThat(keys(receiver)).as("each event once across the two instances").containsExactly(APPROVED_KEY, FAILED_KEY);
        }
    }

    @Test
    void anAlertRecordedButNotDeliveredIsSentAgainWithTheSameKey(KafkaBroker broker) throws Exception {
        String topic = "test.alerts-" + UUID.randomUUID();
        URI unreachable = URI.create("http://127.0.0.1:" + KafkaBroker.freePort() + "/hook");
        try (AlertDispatcher first = dispatcher(broker, topic, unreachable)) {
            first.tick(true, APPROVED, NOW);
            assertThat(stateOf(broker, topic, APPROVED_KEY)).as("recorded before it is sent").isEqualTo(AlertLog.State.PENDING);
        }
        try (WebhookReceiver receiver = WebhookReceiver.answering(200); AlertDispatcher second = dispatcher(broker, topic, receiver.uri())) {
            second.tick(true, APPROVED, NOW.plusSeconds(5));
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stateOf(broker, topic, APPROVED_KEY) == AlertLog.State.DELIVERED);
            assertThat(keys(receiver)).containsExactly(APPROVED_KEY);
            assertThat(AlertJson.parse(receiver.received().get(0).body()).path("idempotency_key").asText()).isEqualTo(APPROVED_KEY);
        }
    }
}
