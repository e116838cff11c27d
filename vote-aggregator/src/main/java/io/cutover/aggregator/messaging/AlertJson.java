package io.cutover.aggregator.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cutover.aggregator.config.AlertConfig;
import io.cutover.aggregator.domain.alert.Alert;

/** An alert as JSON: the webhook bodies and the alert log's records. */
final class AlertJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {
    }

    /** The plain body: idempotency_key, kind, chain_id, upgrade_id, title, text, at, figures. */
    static ObjectNode plain(Alert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("idempotency_key", alert.key());
        body.put("kind", alert.kind().name().toLowerCase());
        body.put("chain_id", alert.chainId());
        body.put("upgrade_id", alert.upgradeId());
        body.put("title", alert.title());
        body.put("text", alert.text());
        body.put("at", alert.at().toString());
        body.set("figures", JSON.valueToTree(alert.figures()));
        return body;
    }

    /** The webhook body in the configured format; Slack's carries the idempotency key in its text. */
    static String body(Alert alert, AlertConfig.Format format) {
        if (format == AlertConfig.Format.SLACK) {
            ObjectNode body = JSON.createObjectNode();
            body.put("text", "*" + alert.title() + "*\n" + alert.text() + "\nidempotency key: " + alert.key());
            return body.toString();
        }
        return plain(alert).toString();
    }

    static Alert read(JsonNode node) {
        Map<String, Object> figures = new LinkedHashMap<>();
        node.path("figures").fields().forEachRemaining(e -> figures.put(e.getKey(),
                e.getValue().isNumber() ? (Object) e.getValue().longValue() : e.getValue().asText()));
        return new Alert(node.path("idempotency_key").asText(), Alert.Kind.valueOf(node.path("kind").asText().toUpperCase()),
                node.path("chain_id").asText(), node.path("upgrade_id").asText(), node.path("title").asText(), node.path("text").asText(),
                Instant.parse(node.path("at").asText()), figures);
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
