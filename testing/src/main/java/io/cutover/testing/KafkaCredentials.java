package io.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users of a secured {@link KafkaBroker}: each password in {@code <data>/credentials/<user>.password}
 * (mode 0600), the broker's certificate to trust ({@code <data>/tls/ca.pem}), and the client
 * settings that log in as a user over TLS.
 */
public final class KafkaCredentials {

    public static final String SECURITY_PROTOCOL = "SASL_SSL";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private final Path folder;
    private final String bootstrapServers;

    KafkaCredentials(Path folder, String bootstrapServers) {
        this.folder = folder;
        this.bootstrapServers = bootstrapServers;
    }

    public Path folder() {
        return folder;
    }

    /** The PEM certificate a client trusts to reach the broker over TLS. */
    public Path caCertificate() {
        return folder.resolveSibling("tls").resolve("ca.pem");
    }

    public Path passwordFile(String user) {
        Path file = folder.resolve(user + ".password");
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no Kafka user " + user + " (no " + file + ")");
        }
        return file;
    }

    public String password(String user) {
        try {
            return Files.readString(passwordFile(user), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka client settings (bootstrap servers included) that log in as {@code user}. */
    public Map<String, String> clientProperties(String user) {
        return clientProperties(user, password(user));
    }

    /** The same settings with any password, for tests of refused logins. */
    public Map<String, String> clientProperties(String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("security.protocol", SECURITY_PROTOCOL);
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", caCertificate().toString());
        p.put("sasl.mechanism", MECHANISM);
        p.put("sasl.jaas.config", jaasConfig(user, password));
        return p;
    }

    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }
}
