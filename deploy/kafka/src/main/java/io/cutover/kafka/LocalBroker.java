package io.cutover.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Runs one Apache Kafka node in KRaft mode (broker and controller in this JVM), formatting its storage
 * on first use and creating Cutover's topics from {@code topics.conf}. Alone (the default) it is a
 * single-node cluster; with {@code --brokers N} it is node {@code --node-id} of an N-node cluster whose
 * controller quorum is {@code --controller-voters} (every node a voter).
 *
 * <pre>
 * java -cp 'target/lib/*:target/classes' io.cutover.kafka.LocalBroker \
 *     --dir DATA_DIR [--port 9092] [--controller-port 9093] [--topics topics.conf] \
 *     [--brokers 3 --node-id 2 --controller-voters 1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097]
 *     [--secure --acls acls.conf [--users agent-validator-1,agent-validator-2]]
 * </pre>
 *
 * With {@code --secure} (a single node) the listeners take TLS with SASL (SCRAM-SHA-512 for clients)
 * only and the standard authorizer denies whatever {@code acls.conf} does not grant (see
 * {@link SaslSetup}); the users it names, and those of {@code --users}, are created with random
 * passwords in {@code DATA_DIR/credentials/<user>.password}.
 *
 * Prints {@code READY host:port} on standard output once every broker of the cluster is registered,
 * the topics exist (replication capped to the brokers there are) and (secured) the users and ACLs are
 * in place; runs until the process is stopped.
 */
public final class LocalBroker {

    static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> OPTIONS = List.of("--dir", "--port", "--controller-port", "--topics", "--node-id",
            "--brokers", "--controller-voters", "--acls", "--users");
    private static final String USAGE = "usage: --dir DATA_DIR [--port 9092] [--controller-port 9093] [--topics topics.conf]"
            + " [--brokers N --node-id ID --controller-voters ID@HOST:PORT,...] [--secure --acls acls.conf [--users NAME,...]]";

    /** Where this node listens and which cluster it belongs to. */
    record Node(Path dir, int port, int controllerPort, int nodeId, int brokers, String controllerVoters) {
        boolean single() {
            return brokers == 1;
        }

        String bootstrap() {
            return HOST + ":" + port;
        }
    }

    private LocalBroker() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // the broker thread is not a daemon: without this the process would outlive a failed start
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Map<String, String> options = parseOptions(args);
        Node node = node(options);
        Path topics = options.containsKey("--topics") ? Path.of(options.get("--topics")) : null;
        boolean secure = options.containsKey("--secure");
        if (secure && !node.single()) {
            throw new IllegalArgumentException("--secure runs a single node; it cannot be combined with --brokers " + node.brokers());
        }
        SaslSetup sasl = secure ? new SaslSetup(node.dir()) : null;
        AclDeclarations acls = secure ? AclDeclarations.read(Path.of(require(options, "--acls"))) : null;
        List<String> users = options.containsKey("--users") && !options.get("--users").isBlank()
                ? List.of(options.get("--users").split(",")) : List.of();

        Path config = writeServerProperties(node, sasl);
        formatStorageOnce(node, config, sasl);

        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {config.toString()}), "kafka-broker");
        broker.start();

        Properties admin = new Properties();
        if (sasl != null) {
            admin.putAll(sasl.clientProperties(SaslSetup.ADMIN));
        }
        int created = waitUntilReadyAndCreateTopics(node, topics, admin, sasl, acls, users);
        PrintStream out = System.out;
        out.println("Kafka node " + node.nodeId() + " of " + node.brokers() + " ready on " + node.bootstrap() + " (" + created
                + " topics declared), data in " + node.dir());
        if (sasl != null) {
            out.println("TLS, SASL/" + SaslSetup.MECHANISM + " and ACLs from " + options.get("--acls") + "; passwords in "
                    + node.dir().resolve("credentials"));
        }
        out.println("READY " + node.bootstrap());
        out.flush();
        broker.join();
    }

    static Node node(Map<String, String> options) {
        Path dir = Path.of(require(options, "--dir")).toAbsolutePath();
        int port = Integer.parseInt(options.getOrDefault("--port", "9092"));
        int controllerPort = Integer.parseInt(options.getOrDefault("--controller-port", "9093"));
        int brokers = Integer.parseInt(options.getOrDefault("--brokers", "1"));
        int nodeId = Integer.parseInt(options.getOrDefault("--node-id", "1"));
        String voters = options.get("--controller-voters");
        if (brokers < 1) {
            throw new IllegalArgumentException("--brokers must be at least 1, not " + brokers);
        }
        if (brokers > 1 && voters == null) {
            throw new IllegalArgumentException("--controller-voters is required with --brokers " + brokers + "; " + USAGE);
        }
        if (brokers > 1 && !voters.matches("(\\d+@[^,:]+:\\d+)(,\\d+@[^,:]+:\\d+)*")) {
            throw new IllegalArgumentException("--controller-voters '" + voters + "' is not ID@HOST:PORT,...");
        }
        if (brokers > 1 && voters.split(",").length != brokers) {
            throw new IllegalArgumentException("--controller-voters names " + voters.split(",").length + " nodes, --brokers says " + brokers);
        }
        return new Node(dir, port, controllerPort, nodeId, brokers, voters);
    }

    static Path writeServerProperties(Node node, SaslSetup sasl) throws IOException {
        Files.createDirectories(node.dir().resolve("data"));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(node.nodeId()));
        if (node.single()) {
            p.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + node.controllerPort());
        } else {
            p.setProperty("controller.quorum.voters", node.controllerVoters());
        }
        p.putAll(listeners(node));
        p.setProperty("log.dirs", node.dir().resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.putAll(internalTopicReplication(node.brokers()));
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // segments below a topic's start offset (the aggregator's trimmed journal) leave the disk within 30 s, not 5 min
        p.setProperty("log.retention.check.interval.ms", "30000");
        if (sasl != null) {
            sasl.secure(p, HOST, node.port(), node.controllerPort());
        }
        Path file = node.dir().resolve("server.properties");
        // it holds the broker's own passwords when secured: 0600 before anything is written
        SaslSetup.writePrivate(file, "");
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(writer, "Cutover local Kafka node " + node.nodeId() + " of " + node.brokers());
        }
        return file;
    }

    /** The client and controller listeners, both plaintext on loopback. */
    static Properties listeners(Node node) {
        Properties p = new Properties();
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + node.port() + ",CONTROLLER://" + HOST + ":" + node.controllerPort());
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + node.port());
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        return p;
    }

    /** Kafka's own topics (offsets, transactions, share state): three replicas, two in sync, capped to the brokers there are. */
    static Properties internalTopicReplication(int brokers) {
        String replicas = Integer.toString(Math.min(3, brokers));
        String minInSync = Integer.toString(Math.min(2, brokers));
        Properties p = new Properties();
        p.setProperty("offsets.topic.replication.factor", replicas);
        p.setProperty("transaction.state.log.replication.factor", replicas);
        p.setProperty("transaction.state.log.min.isr", minInSync);
        p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
        p.setProperty("share.coordinator.state.topic.min.isr", minInSync);
        p.setProperty("default.replication.factor", replicas);
        p.setProperty("min.insync.replicas", minInSync);
        return p;
    }

    /**
     * Formats an empty data directory. A single node forms its own quorum ({@code --standalone}); the
     * nodes of a cluster share one cluster id, derived from the voters so that every node (and a node
     * whose data was wiped) formats with the same one.
     */
    private static void formatStorageOnce(Node node, Path config, SaslSetup sasl) throws IOException {
        if (Files.exists(node.dir().resolve("data").resolve("meta.properties"))) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId(node), "-c", config.toString()));
        if (node.single()) {
            args.add(1, "--standalone");
        }
        if (sasl != null) {
            args.addAll(sasl.formatArguments());
        }
        int code = kafka.tools.StorageTool.execute(args.toArray(String[]::new), System.err);
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + node.dir() + " failed with exit code " + code);
        }
    }

    static String clusterId(Node node) {
        if (node.single()) {
            String id;
            do {
                // StorageTool reads an id starting with '-' as an option.
                id = Uuid.randomUuid().toString();
            } while (id.startsWith("-"));
            return id;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] seed = node.controllerVoters().getBytes(StandardCharsets.UTF_8);
            while (true) {
                seed = sha.digest(seed);
                String id = new Uuid(java.nio.ByteBuffer.wrap(seed, 0, 8).getLong(), java.nio.ByteBuffer.wrap(seed, 8, 8).getLong()).toString();
                if (!id.startsWith("-") && !id.startsWith("_")) {
                    return id;
                }
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int waitUntilReadyAndCreateTopics(Node node, Path topicsFile, Properties security, SaslSetup sasl,
            AclDeclarations acls, List<String> users) throws Exception {
        Properties props = new Properties();
        props.putAll(security);
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.bootstrap());
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get().size() >= node.brokers()) {
                        break;
                    }
                } catch (ExecutionException notYet) {
                    // the broker is still starting
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Kafka on " + node.bootstrap() + ": not all " + node.brokers()
                            + " brokers registered after " + READY_TIMEOUT);
                }
                Thread.sleep(200);
            }
            if (sasl != null) {
                sasl.applyUsersAndAcls(admin, acls, users);
            }
            if (topicsFile == null) {
                return 0;
            }
            List<NewTopic> topics = TopicDeclarations.read(topicsFile, node.brokers());
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return topics.size();
        }
    }

    private static Map<String, String> parseOptions(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (OPTIONS.contains(name) && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else if (name.equals("--secure")) {
                options.put(name, "true");
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown or incomplete options " + unknown + "; " + USAGE);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
