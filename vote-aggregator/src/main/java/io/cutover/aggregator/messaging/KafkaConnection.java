package io.cutover.aggregator.messaging;

import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.common.annotation.Identifier;

/**
 * The connection settings of the {@code kafka.*} properties (bootstrap servers, and for a secured
 * cluster {@code security.protocol}, {@code sasl.*}, {@code ssl.*}) as the base of every client the
 * tally loop opens itself.
 */
@ApplicationScoped
public class KafkaConnection {

    private static final String[] PREFIXES = {"bootstrap.servers", "security.", "sasl.", "ssl.", "client.dns.lookup"};

    private final Properties connection = new Properties();

    @Inject
    public KafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        kafkaConfig.forEach((key, value) -> {
            for (String prefix : PREFIXES) {
                if (key.startsWith(prefix)) {
                    connection.put(key, String.valueOf(value));
                }
            }
        });
    }

    /** A fresh copy of the connection settings, to add a client's own settings to. */
    public Properties properties() {
        Properties copy = new Properties();
        copy.putAll(connection);
        return copy;
    }
}
