package io.cutover.localnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaCredentials;

/**
 * How each process of the local network reaches Kafka. Plaintext: the bootstrap servers alone.
 * Secured ({@code --secure}): TLS, trusting the broker's own certificate, and every component logs in as its own user (proposal-service,
 * vote-aggregator, agent-&lt;node&gt;, and ops for the network's own observer and for you); each
 * password goes into a 0600 file that the component reads (a Quarkus config file named by
 * {@code quarkus.config.locations}, the agent's {@code passwordFile}), never onto a command line.
 */
final class KafkaAccess {

    static final String OPS = "ops";

    private final KafkaBroker broker;
    private final Path configFolder;

    KafkaAccess(KafkaBroker broker, Path configFolder) {
        this.broker = broker;
        this.configFolder = configFolder;
    }

    boolean secured() {
        return broker.security().sasl();
    }

    static String agentUser(String node) {
        return "agent-" + node;
    }

    /** JVM arguments for a Quarkus service logging in as {@code user}: none when plaintext. */
    List<String> serviceArguments(String user) throws IOException {
        if (!secured()) {
            return List.of();
        }
        Properties config = new Properties();
        broker.credentials().clientProperties(user).forEach((key, value) -> config.setProperty("kafka." + key, value));
        config.remove("kafka.bootstrap.servers"); // given as a system property, which outranks every file
        Path file = writePrivate(configFolder.resolve(user + "-kafka.properties"), config);
        return List.of("-Dquarkus.config.locations=" + file.toUri());
    }

    /** The agent's [kafka] settings (after bootstrapServers); its password is copied into {@code home} with mode 0600. */
    String agentToml(String node, Path home) throws IOException {
        if (!secured()) {
            return "";
        }
        String user = agentUser(node);
        Path passwordFile = home.resolve("kafka.password");
        createPrivate(passwordFile);
        Files.writeString(passwordFile, broker.credentials().password(user), StandardCharsets.UTF_8);
        return """
                securityProtocol = "%s"
                saslMechanism = "%s"
                username = "%s"
                passwordFile = "kafka.password"
                caFile = "%s"
                """.formatted(KafkaCredentials.SECURITY_PROTOCOL, KafkaCredentials.MECHANISM, user,
                broker.credentials().caCertificate());
    }

    /** Client settings of {@code user} for clients in this JVM. */
    Map<String, String> clientProperties(String user) {
        return broker.clientProperties(user);
    }

    /** A client config file (0600) of the read-only ops user, for the console consumer; null when plaintext. */
    Path opsClientConfig() throws IOException {
        if (!secured()) {
            return null;
        }
        Properties config = new Properties();
        broker.credentials().clientProperties(OPS).forEach(config::setProperty);
        config.remove("bootstrap.servers");
        return writePrivate(configFolder.resolve(OPS + "-client.properties"), config);
    }

    private static Path writePrivate(Path file, Properties properties) throws IOException {
        createPrivate(file);
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "Kafka login, written by deploy/local/run.sh --secure");
        }
        return file;
    }

    private static void createPrivate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
