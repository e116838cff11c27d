package io.cutover.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Runs a single-node Apache Kafka broker in KRaft mode (broker and controller in this JVM),
 * formatting its storage on first use and creating Cutover's topics from {@code topics.conf}.
 *
 * <pre>
 * java -cp 'target/lib/*:target/classes' io.cutover.kafka.LocalBroker \
 *     --dir DATA_DIR [--port 9092] [--controller-port 9093] [--topics topics.conf] \
 *     [--secure --acls acls.conf [--users agent-validator-1,agent-validator-2]]
 * </pre>
 *
 * With {@code --secure} the listeners take TLS with SASL (SCRAM-SHA-512 for clients) only and the standard
 * authorizer denies whatever {@code acls.conf} does not grant (see {@link SaslSetup}); the users it
 * names, and those of {@code --users}, are created with random passwords in
 * {@code DATA_DIR/credentials/<user>.password}.
 *
 * Prints {@code READY host:port} on standard output once the broker answers, the topics exist and
 * (secured) the users and ACLs are in place; runs until the process is stopped.
 */
public final class LocalBroker {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

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
        Path dir = Path.of(require(options, "--dir")).toAbsolutePath();
        int port = Integer.parseInt(options.getOrDefault("--port", "9092"));
        int controllerPort = Integer.parseInt(options.getOrDefault("--controller-port", "9093"));
        Path topics = options.containsKey("--topics") ? Path.of(options.get("--topics")) : null;
        boolean secure = options.containsKey("--secure");
        SaslSetup sasl = secure ? new SaslSetup(dir) : null;
        AclDeclarations acls = secure ? AclDeclarations.read(Path.of(require(options, "--acls"))) : null;
        List<String> users = options.containsKey("--users") && !options.get("--users").isBlank()
                ? List.of(options.get("--users").split(",")) : List.of();

        Path config = writeServerProperties(dir, port, controllerPort, sasl);
        formatStorageOnce(dir, config, sasl);

        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] {config.toString()}), "kafka-broker");
        broker.start();

        String bootstrap = HOST + ":" + port;
        Properties admin = new Properties();
        if (sasl != null) {
            admin.putAll(sasl.clientProperties(SaslSetup.ADMIN));
        }
        int created = waitUntilReadyAndCreateTopics(bootstrap, topics, admin, sasl, acls, users);
        PrintStream out = System.out;
        out.println("Kafka broker ready on " + bootstrap + " (" + created + " topics declared), data in " + dir);
        if (sasl != null) {
            out.println("TLS, SASL/" + SaslSetup.MECHANISM + " and ACLs from " + options.get("--acls") + "; passwords in "
                    + dir.resolve("credentials"));
        }
        out.println("READY " + bootstrap);
        out.flush();
        broker.join();
    }

    static Path writeServerProperties(Path dir, int port, int controllerPort, SaslSetup sasl) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        if (sasl != null) {
            sasl.secure(p, HOST, port, controllerPort);
        }
        Path file = dir.resolve("server.properties");
        // it holds the broker's own passwords when secured: 0600 before anything is written
        SaslSetup.writePrivate(file, "");
        try (var writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(writer, "Cutover local broker");
        }
        return file;
    }

    private static void formatStorageOnce(Path dir, Path config, SaslSetup sasl) throws IOException {
        if (Files.exists(dir.resolve("data").resolve("meta.properties"))) {
            return;
        }
        String clusterId;
        do {
            // StorageTool reads an id starting with '-' as an option.
            clusterId = Uuid.randomUuid().toString();
        } while (clusterId.startsWith("-"));
        List<String> format = new ArrayList<>(List.of("format", "--standalone", "-t", clusterId, "-c", config.toString()));
        if (sasl != null) {
            format.addAll(sasl.formatArguments());
        }
        int code = kafka.tools.StorageTool.execute(format.toArray(String[]::new), System.err);
        if (code != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + dir + " failed with exit code " + code);
        }
    }

    private static int waitUntilReadyAndCreateTopics(String bootstrap, Path topicsFile, Properties security, SaslSetup sasl,
            AclDeclarations acls, List<String> users) throws Exception {
        Properties props = new Properties();
        props.putAll(security);
        props.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get();
                    break;
                } catch (ExecutionException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("Kafka broker on " + bootstrap + " not ready after " + READY_TIMEOUT, e);
                    }
                    Thread.sleep(200);
                }
            }
            if (sasl != null) {
                sasl.applyUsersAndAcls(admin, acls, users);
            }
            if (topicsFile == null) {
                return 0;
            }
            List<NewTopic> topics = TopicDeclarations.read(topicsFile);
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
            if (List.of("--dir", "--port", "--controller-port", "--topics", "--acls", "--users").contains(name) && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else if (name.equals("--secure")) {
                options.put(name, "true");
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown or incomplete options " + unknown
                    + "; usage: --dir DATA_DIR [--port 9092] [--controller-port 9093] [--topics topics.conf]"
                    + " [--secure --acls acls.conf [--users NAME,...]]");
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
