package io.cutover.aggregator.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import io.cutover.core.events.Topics;

/**
 * Which input a journal entry copies: a topic's record, the network.toml text in force from then on, or
 * a height observed at a node's status URL (cutover.height.source=status-url).
 */
enum JournalSource {
    TRANSACTION(Topics.TRANSACTIONS),
    ROLLOUT_STATUS(Topics.ROLLOUT_STATUS),
    NETWORK("network.toml"),
    NODE_HEIGHT("status-url");

    static final String HEADER = "cutover-source";

    private final String label;

    JournalSource(String label) {
        this.label = label;
    }

    byte[] header() {
        return label.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<JournalSource> ofTopic(String topic) {
        return topic.equals(Topics.TRANSACTIONS) ? Optional.of(TRANSACTION)
                : topic.equals(Topics.ROLLOUT_STATUS) ? Optional.of(ROLLOUT_STATUS) : Optional.empty();
    }

    static Optional<JournalSource> of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        String value = new String(header.value(), StandardCharsets.UTF_8);
        for (JournalSource source : values()) {
            if (source.label.equals(value)) {
                return Optional.of(source);
            }
        }
        return Optional.empty();
    }
}
