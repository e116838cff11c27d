package io.cutover.proposal.messaging;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;

/** The connection settings of the {@code kafka.*} properties, as the base of every client this service opens itself. */
@ApplicationScoped
public class KafkaClients {

    private static final String[] CONNECTION_PREFIXES = {"bootstrap.servers", "security.", "sasl.", "ssl.", "client.dns.lookup"};

    private final Map<String, Object> connection;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        Map<String, Object> picked = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            for (String prefix : CONNECTION_PREFIXES) {
                if (key.startsWith(prefix)) {
                    picked.put(key, value);
                }
            }
        });
        this.connection = Map.copyOf(picked);
    }

    /** A fresh mutable copy of the connection settings. */
    public Map<String, Object> connection() {
        return new HashMap<>(connection);
    }
}
