package io.cutover.localnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaCredentials;

/**
 * The local network of deploy/local/run.sh, run from the packaged applications on free ports with
 * faster blocks, on the secured broker as CI runs it ({@code run.sh --secure}: TLS, SASL/SCRAM-SHA-512,
 * the standard authorizer, the ACLs of deploy/kafka/acls.conf). Four validators of one chain, three
 * propose; validator-4 finds a tampered copy of the new release in its home and must refuse it, the
 * other three halt at exactly the approved height, switch, and the chain resumes with their 30 of 40
 * voting power. Every component works with its own login, and the broker refuses what each login may
 * not do. One network, one broker, for every test of the class (the plaintext network runs in
 * FaultInjectionIT and ClusterFaultInjectionIT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalNetworkIT {

    private static final List<RolloutPhase> UPGRADE_PHASES = List.of(RolloutPhase.ROLLOUT_PHASE_STAGING,
            RolloutPhase.ROLLOUT_PHASE_READY, RolloutPhase.ROLLOUT_PHASE_HALTING, RolloutPhase.ROLLOUT_PHASE_SWITCHING,
            RolloutPhase.ROLLOUT_PHASE_STARTING, RolloutPhase.ROLLOUT_PHASE_RUNNING);

    private static final List<String> TOPICS = List.of(Topics.TRANSACTIONS, Topics.PROPOSALS, Topics.APPROVALS,
            Topics.ROLLOUT_STATUS, "upgrade.tally-journal", "upgrade.tally-snapshots");

    private Settings settings;
    private LocalNetwork network;
    private RunResult result;
    private KafkaCredentials credentials;

    @BeforeAll
    void walkAnUpgradeOnTheSecuredBroker() throws Exception {
        Path root = repositoryRoot();
        Path runFolder = root.resolve("deploy/local-network/target/local-network-it");
        deleteRecursively(runFolder);
        settings = new Settings(root, runFolder, 4, 3, 90, Duration.ofMillis(400),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.of("validator-4"), Duration.ofSeconds(180));
        network = new LocalNetwork(settings, output(settings), true);
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

    /**
     * One network, both stories: validator-4 finds a tampered copy of the new release in its home and
     * must refuse it; the other three halt at exactly the approved height, switch, and the one chain
     * resumes with their 30 of 40 voting power.
     */
    @Test
    void theChainHaltsAtTheApprovedHeightAndResumesOnceMoreThanTwoThirdsRunTheNewReleaseWhileACorruptedOneIsRefused()
            throws Exception {
        assertThat(result.problems()).isEmpty();
        assertTransactionsLogHoldsTheProposals();
        long h = network.upgradeHeight();
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        for (String node : List.of("validator-1", "validator-2", "validator-3")) {
            RolloutStatus status = latest.get(node);
            assertThat(status.getRunningRelease()).isEqualTo(Settings.NEW_RELEASE);
            assertThat(status.getHaltedAtHeight()).isEqualTo(h);
            assertThat(network.observer().phasesByNode().get(node)).as("phases of %s on rollout.status", node)
                    .containsSubsequence(UPGRADE_PHASES);
        }

        RolloutStatus failed = latest.get("validator-4");
        assertThat(failed.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_FAILED);
        assertThat(failed.getLastError()).contains("SHA-256");
        assertThat(network.runFolder().home("validator-4").resolve(Settings.NEW_RELEASE).resolve("sim-node.executed"))
                .as("the tampered binary must never run").doesNotExist();

        ChainTimeline chain = network.chainTimeline();
        assertThat(chain.lastOld().orElseThrow().release()).isEqualTo(Settings.GENESIS_RELEASE);
        assertThat(chain.firstNew().orElseThrow().release()).isEqualTo(Settings.NEW_RELEASE);
        assertThat(chain.firstNew().orElseThrow().signers()).as("signers of block H+1")
                .doesNotContain("validator-4").hasSizeGreaterThanOrEqualTo(3);
        assertThat(chain.quorumBack().orElseThrow().started().orElseThrow()).isBeforeOrEqualTo(chain.firstNew().orElseThrow().time());
        assertThat(chain.downtime().orElseThrow()).isPositive();
        assertThat(result.summary()).contains("chain downtime", "more than 2/3 of the voting power back")
                .contains("validator-4").contains("FAILED").contains("corrupted artifact");
    }

    /**
     * Last, as it moves the network on: the next upgrade panics past its height on every node and the
     * chain stops there; three validators vote a hot-fix with {@code upgradectl recover}, every agent
     * that halted applies it, and the chain moves again. A recovery voted once the chain is live is refused.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anUpgradeThatFailsAtItsHeightIsRecoveredByAHotFixTheValidatorsVoted() throws Exception {
        RecoveryWalk.Result recovery = new RecoveryWalk(network).hotFix("v1.2.0", "v1.2.1");

        assertThat(recovery.recoveredNodes()).containsExactly("validator-1", "validator-2", "validator-3");
        assertThat(recovery.recoveryId()).startsWith(recovery.upgradeId() + "/hot-fix/v1.2.1#");
        LocalNetwork.CommandOutput late = network.upgradectl("recover-live", "validator-1",
                List.of("recover", "--upgrade", recovery.upgradeId(), "--return"));
        assertThat(late.exitCode()).as(late.text()).isEqualTo(3);
        assertThat(late.text()).contains("NETWORK_NOT_HALTED");
    }

    /** Every agent, validator-4's refusal included, reached rollout.status with its own login. */
    @Test
    void everyServiceAndAgentWorksEndToEndWithItsOwnLogin() throws Exception {
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        for (int i = 0; i < settings.validators(); i++) {
            String node = settings.nodeName(i);
            assertThat(latest.get(node)).as("the last report of " + node).isNotNull();
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

    /** proposal-service wrote each accepted proposal to upgrade.transactions, keyed by chain, as the JSON of AcceptedTransaction. */
    private void assertTransactionsLogHoldsTheProposals() throws Exception {
        Properties props = new Properties();
        props.putAll(credentials.clientProperties(KafkaAccess.OPS));
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.TRANSACTIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(settings.proposers());
        List<String> signers = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            assertThat(record.key()).isEqualTo(Settings.CHAIN_ID);
            assertThat(record.value()).contains("\"tx\":", "\"txHash\":", "\"signer\":", "\"proposalId\":", "\"receivedAt\":");
            AcceptedTransaction accepted = EventJson.read(record.value(), AcceptedTransaction.newBuilder());
            assertThat(accepted.getTxHash()).isEqualTo(Digests.sha256Hex(accepted.getTx().toByteArray()));
            assertThat(accepted.getProposalId()).startsWith(Settings.NEW_RELEASE + "@" + network.upgradeHeight() + "#");
            signers.add(accepted.getSigner());
        }
        assertThat(signers).containsExactlyInAnyOrderElementsOf(network.validatorKeys().subList(0, settings.proposers()));
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
    /** Progress goes to the console and to output.txt in the run folder. */
    private static PrintStream output(Settings settings) throws Exception {
        Files.createDirectories(settings.runFolder());
        PrintStream file = new PrintStream(Files.newOutputStream(settings.runFolder().resolve("output.txt")), true, StandardCharsets.UTF_8);
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                System.out.write(b);
                file.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                System.out.write(bytes, offset, length);
                file.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/rollout-agent"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with bin/rollout-agent) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
