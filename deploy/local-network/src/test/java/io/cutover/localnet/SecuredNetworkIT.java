package io.cutover.localnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.cutover.core.events.Topics;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaCredentials;

/**
 * The local network on a secured broker (TLS, SASL/SCRAM-SHA-512, the standard authorizer, the ACLs of
 * deploy/kafka/acls.conf): every component works with its own login, and the broker refuses what
 * each login may not do. One network, one broker, for every test of the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredNetworkIT {

    private static final List<String> TOPICS = List.of(Topics.TRANSACTIONS, Topics.PROPOSALS, Topics.APPROVALS,
            Topics.ROLLOUT_STATUS, "upgrade.tally-journal", "upgrade.tally-snapshots");

    private Settings settings;
    private LocalNetwork network;
    private RunResult result;
    private KafkaCredentials credentials;

    @BeforeAll
    void walkAnUpgradeOnTheSecuredBroker() throws Exception {
        Path root = LocalNetworkIT.repositoryRoot();
        Path runFolder = root.resolve("deploy/local-network/target/local-network-it/secured");
        LocalNetworkIT.deleteRecursively(runFolder);
        settings = new Settings(root, runFolder, 4, 3, 90, Duration.ofMillis(400),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(180));
        Files.createDirectories(runFolder);
        network = new LocalNetwork(settings, new PrintStream(Files.newOutputStream(runFolder.resolve("output.txt")), true,
                StandardCharsets.UTF_8), true);
        network.start();
        result = network.walkUpgrade();
        credentials = network.broker().credentials();
    }

    @AfterAll
    void stopEverything() throws Exception {
        if (network != null) {
            network.close();
            assertThat(network.leftovers()).as("processes left running").isEmpty();
        }
    }

    @Test
    void everyServiceAndAgentWorksEndToEndWithItsOwnLogin() throws Exception {
        assertThat(result.problems()).isEmpty();
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        for (int i = 0; i < settings.validators(); i++) {
            String node = settings.nodeName(i);
            assertThat(latest.get(node).getRunningRelease()).as(node).isEqualTo(Settings.NEW_RELEASE);
            assertThat(latest.get(node).getHaltedAtHeight()).as(node).isEqualTo(network.upgradeHeight());
            String config = Files.readString(network.runFolder().home(node).resolve("config.toml"));
            assertThat(config).contains("username = \"agent-" + node + "\"", "passwordFile = \"kafka.password\"",
                    "securityProtocol = \"SASL_SSL\"", "caFile = ");
        }
        for (String service : List.of("proposal-service", "vote-aggregator")) {
            Properties login = new Properties();
            login.load(Files.newBufferedReader(network.runFolder().root().resolve("config").resolve(service + "-kafka.properties")));
            assertThat(login.getProperty("kafka.sasl.jaas.config")).contains("username=\"" + service + "\"");
        }
    }

    @Test
    void anAgentCannotWriteApprovalsNorAnotherTopicButItsReports() {
        String agent = KafkaAccess.agentUser(settings.nodeName(0));
        for (String topic : List.of(Topics.APPROVALS, Topics.TRANSACTIONS, Topics.PROPOSALS)) {
            assertThatThrownBy(() -> send(credentials.clientProperties(agent), topic))
                    .as(agent + " writing " + topic).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void opsReadsEverythingAndWritesNothing() {
        for (String topic : TOPICS) {
            assertThatThrownBy(() -> send(credentials.clientProperties(KafkaAccess.OPS), topic))
                    .as("ops writing " + topic).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        Properties props = new Properties();
        props.putAll(credentials.clientProperties(KafkaAccess.OPS));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition approvals = new TopicPartition(Topics.APPROVALS, 0);
            consumer.assign(List.of(approvals));
            assertThat(consumer.endOffsets(List.of(approvals)).get(approvals)).as("ops reads upgrade.approvals").isPositive();
        }
    }

    @Test
    void noLoginAWrongPasswordOrNoTlsCannotConnect() {
        Map<String, String> plaintext = Map.of("bootstrap.servers", network.bootstrapServers());
        assertThatThrownBy(() -> describeCluster(plaintext)).as("no login").isInstanceOf(ExecutionException.class);
        Map<String, String> wrongPassword = credentials.clientProperties("vote-aggregator", "not-the-password");
        assertThatThrownBy(() -> describeCluster(wrongPassword)).hasCauseInstanceOf(SaslAuthenticationException.class);
        Map<String, String> stranger = credentials.clientProperties("mallory", "whatever");
        assertThatThrownBy(() -> describeCluster(stranger)).hasCauseInstanceOf(SaslAuthenticationException.class);
        Map<String, String> saslWithoutTls = new HashMap<>(credentials.clientProperties("ops"));
        saslWithoutTls.put("security.protocol", "SASL_PLAINTEXT");
        assertThatThrownBy(() -> describeCluster(saslWithoutTls)).as("a valid login without TLS").isInstanceOf(ExecutionException.class);
        Map<String, String> untrusted = new HashMap<>(credentials.clientProperties("ops"));
        untrusted.remove("ssl.truststore.type");
        untrusted.remove("ssl.truststore.location");
        assertThatThrownBy(() -> describeCluster(untrusted)).as("a client that does not trust the broker's certificate")
                .hasCauseInstanceOf(org.apache.kafka.common.errors.SslAuthenticationException.class);
    }

    @Test
    void proposalServiceCannotUseTheAggregatorsTransactionalIdNorWriteItsTopics() {
        Properties props = new Properties();
        props.putAll(credentials.clientProperties("proposal-service"));
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cutover-vote-aggregator");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(producer::initTransactions).isInstanceOf(TransactionalIdAuthorizationException.class);
        }
        for (String topic : List.of(Topics.APPROVALS, Topics.PROPOSALS, "upgrade.tally-journal", "upgrade.tally-snapshots")) {
            assertThatThrownBy(() -> send(credentials.clientProperties("proposal-service"), topic))
                    .as("proposal-service writing " + topic).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void passwordsLiveInPrivateFilesNeverOnACommandLineOrInALog() throws Exception {
        List<Path> secretFiles = new ArrayList<>();
        try (Stream<Path> files = Files.list(credentials.folder())) {
            files.forEach(secretFiles::add);
        }
        try (Stream<Path> files = Files.list(network.runFolder().root().resolve("config"))) {
            files.forEach(secretFiles::add);
        }
        for (int i = 0; i < settings.validators(); i++) {
            secretFiles.add(network.runFolder().home(settings.nodeName(i)).resolve("kafka.password"));
        }
        secretFiles.add(network.runFolder().kafka().resolve("server.properties"));
        secretFiles.add(network.runFolder().kafka().resolve("tls").resolve("broker.p12"));
        assertThat(secretFiles).hasSizeGreaterThan(10).allSatisfy(file -> assertThat(
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));

        Map<String, String> passwords = new HashMap<>();
        for (String user : List.of("admin", "controller", "proposal-service", "vote-aggregator", "ops")) {
            passwords.put(user, credentials.password(user));
        }
        for (int i = 0; i < settings.validators(); i++) {
            String user = KafkaAccess.agentUser(settings.nodeName(i));
            passwords.put(user, credentials.password(user));
        }
        List<String> commandLines = ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")).toList();
        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(network.runFolder().root())) {
            files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".txt")).forEach(logs::add);
        }
        assertThat(logs).as("logs to search").isNotEmpty();
        for (Map.Entry<String, String> entry : passwords.entrySet()) {
            assertThat(commandLines).as("command lines holding the password of " + entry.getKey())
                    .noneMatch(line -> line.contains(entry.getValue()));
            for (Path log : logs) {
                assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as(log + " holds the password of " + entry.getKey())
                        .doesNotContain(entry.getValue());
            }
        }
    }

    private static void send(Map<String, String> login, String topic) throws Exception {
        Properties props = new Properties();
        props.putAll(login);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "20000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, Settings.CHAIN_ID + "/forged", "{}")).get();
        }
    }

    private static void describeCluster(Map<String, String> login) throws Exception {
        Properties props = new Properties();
        props.putAll(login);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().nodes().get();
        }
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
