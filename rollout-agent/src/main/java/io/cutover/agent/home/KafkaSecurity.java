package io.cutover.agent.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the agent authenticates to Kafka, from config.toml's {@code [kafka]} section: the security
 * protocol, SASL (SCRAM or PLAIN) with a user name and a password file, and PEM files for TLS (the
 * CA that signed the brokers' certificates, and for mutual TLS the agent's key and certificate).
 * The password is read from its file when a client connects, so it never sits in the parsed config.
 */
public record KafkaSecurity(String protocol, String saslMechanism, Optional<String> username, Optional<Path> passwordFile,
        Optional<Path> caFile, Optional<Path> keyStoreFile) {

    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    public static KafkaSecurity plaintext() {
        return new KafkaSecurity("PLAINTEXT", "SCRAM-SHA-512", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    public boolean tls() {
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }

    /** The Kafka client properties this section stands for. */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("security.protocol", protocol);
        if (sasl()) {
            String module = saslMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.put("sasl.mechanism", saslMechanism);
            props.put("sasl.jaas.config", module + " required username=\"" + escape(username.orElseThrow())
                    + "\" password=\"" + escape(password()) + "\";");
        }
        if (tls()) {
            caFile.ifPresent(ca -> {
                props.put("ssl.truststore.type", "PEM");
                props.put("ssl.truststore.location", ca.toString());
            });
            keyStoreFile.ifPresent(key -> {
                props.put("ssl.keystore.type", "PEM");
                props.put("ssl.keystore.location", key.toString());
            });
        }
        return props;
    }

    private String password() {
        try {
            return Files.readString(passwordFile.orElseThrow()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kafka.passwordFile " + passwordFile.get(), e);
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
