package io.cutover.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Kafka cluster (KRaft) of one or more nodes, each in its own child JVM started from the jars
 * that the {@code deploy/kafka} module collected, on loopback ports with its own data directory. One
 * node by default; {@link #startCluster(int)} starts several (replication 3 / min.insync 2 from
 * topics.conf, capped to the nodes there are). Restartable on the same ports and data, so tests can
 * take the whole cluster or one node away and bring it back, SIGKILL a node, or wipe its data.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final int PORT_ATTEMPTS = 3;

    private final Path kafkaModule;
    private final Path dataDir;
    private final boolean temporary;
    private final List<Node> nodes;
    private boolean shared;
    private BrokerSecurity security = BrokerSecurity.PLAINTEXT;

    private KafkaBroker(Path kafkaModule, Path dataDir, List<int[]> ports, boolean temporary) {
        this.kafkaModule = kafkaModule;
        this.dataDir = dataDir;
        this.temporary = temporary;
        String voters = IntStream.range(0, ports.size()).mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
                .collect(Collectors.joining(","));
        List<Node> list = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            Path dir = ports.size() == 1 ? dataDir : dataDir.resolve("node-" + (i + 1));
            list.add(new Node(i + 1, ports.size(), dir, ports.get(i)[0], ports.get(i)[1], voters));
        }
        this.nodes = List.copyOf(list);
    }

    /** Starts a single broker with the project's topics on free ports and a temporary data directory. */
    public static KafkaBroker start() {
        return startCluster(1);
    }

    /** Starts {@code size} nodes with the project's topics on free ports and temporary data directories. */
    public static KafkaBroker startCluster(int size) {
        return startTemporary(size, false);
    }

    /** A broker shared between test classes ({@link KafkaBrokerExtension}): the process check does not count it as a test's leftover. */
    static KafkaBroker startShared() {
        return startTemporary(1, true);
    }

    /**
     * A free port may be taken by another process between choosing it and the broker binding it (a busy
     * machine, parallel builds): then the start is tried again on other free ports.
     */
    private static KafkaBroker startTemporary(int size, boolean shared) {
        return startTemporary(size, shared, BrokerSecurity.PLAINTEXT);
    }

    /** Starts a secured single broker (see {@link BrokerSecurity}) on free ports and a temporary data directory. */
    public static KafkaBroker startSecured(BrokerSecurity security) {
        return startTemporary(1, false, security);
    }

    private static KafkaBroker startTemporary(int size, boolean shared, BrokerSecurity security) {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            KafkaBroker broker;
            try {
                List<int[]> ports = IntStream.range(0, size).mapToObj(i -> new int[] {freePort(), freePort()}).toList();
                broker = new KafkaBroker(findKafkaModule(), Files.createTempDirectory("cutover-kafka-"), ports, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker.shared = shared;
            broker.security = security;
            try {
                broker.startAll();
                return broker;
            } catch (IllegalStateException e) {
                failure = e;
                boolean portTaken = broker.logsMention("Address already in use");
                broker.close();
                if (!portTaken) {
                    throw e;
                }
            }
        }
        throw failure;
    }

    private boolean logsMention(String text) {
        for (Node node : nodes) {
            try {
                Path log = node.dataDir().resolve("broker.log");
                if (Files.exists(log) && Files.readString(log).contains(text)) {
                    return true;
                }
            } catch (IOException unreadable) {
                // not this one
            }
        }
        return false;
    }

    /** Starts a single broker with the project's topics on the given ports, keeping its data in {@code dataDir}. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
        return start(dataDir, List.of(new int[] {port, controllerPort}));
    }

    /**
     * Starts one node per {@code {port, controllerPort}} pair, keeping the data in {@code dataDir}
     * (in {@code node-N} below it when there are several).
     */
    public static KafkaBroker start(Path dataDir, List<int[]> ports) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = new KafkaBroker(findKafkaModule(), dataDir, ports, false);
        broker.startAll();
        return broker;
    }

    /** Starts a single broker secured as {@code security} on the given ports, keeping its data in {@code dataDir}. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort, BrokerSecurity security) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = new KafkaBroker(findKafkaModule(), dataDir, List.of(new int[] {port, controllerPort}), false);
        broker.security = security;
        broker.startAll();
        return broker;
    }

    public BrokerSecurity security() {
        return security;
    }

    /** The users and their passwords of a secured broker. */
    public KafkaCredentials credentials() {
        if (!security.sasl()) {
            throw new IllegalStateException("this broker is not secured");
        }
        return new KafkaCredentials(dataDir.resolve("credentials"), bootstrapServers());
    }

    /** Client settings for {@code user}: only the bootstrap servers on a plaintext broker. */
    public Map<String, String> clientProperties(String user) {
        return security.sasl() ? credentials().clientProperties(user) : Map.of("bootstrap.servers", bootstrapServers());
    }

    /** A free TCP port on loopback, for tests and local runs. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public String bootstrapServers() {
        return nodes.stream().map(Node::bootstrapServer).collect(Collectors.joining(","));
    }

    /** The cluster's nodes, by node id (1-based: {@code nodes().get(0).id() == 1}). */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node with this Kafka node id. */
    public Node node(int id) {
        return nodes.get(id - 1);
    }

    /** Whether every node runs. */
    public boolean isRunning() {
        return nodes.stream().allMatch(Node::isRunning);
    }

    /** Whether any node runs. */
    public boolean anyRunning() {
        return nodes.stream().anyMatch(Node::isRunning);
    }

    /** Stops every node at once (a node left without its quorum could not shut down cleanly), keeping the data. */
    public void stop() {
        List<Thread> stopping = nodes.stream().map(node -> new Thread(node::stop, "stop-kafka-node-" + node.id())).toList();
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                nodes.forEach(Node::kill);
                return;
            }
        }
    }

    /** Starts every node again on the same ports and data. */
    public void restart() {
        stop();
        startAll();
    }

    /** Stops every node; temporary data directories are deleted. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private void startAll() {
        List<CompletableFuture<Void>> ready = nodes.stream().map(Node::launch).toList();
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new IllegalStateException("Kafka not ready in " + READY_TIMEOUT_SECONDS + " s; see the broker.log files in " + dataDir, e);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Kafka failed to start; see the broker.log files in " + dataDir, e);
        }
    }

    /** One Kafka node (broker and controller) in its own JVM. */
    public final class Node {
        private final int id;
        private final int clusterSize;
        private final Path dir;
        private final int port;
        private final int controllerPort;
        private final String voters;
        private Process process;

        private Node(int id, int clusterSize, Path dir, int port, int controllerPort, String voters) {
            this.id = id;
            this.clusterSize = clusterSize;
            this.dir = dir;
            this.port = port;
            this.controllerPort = controllerPort;
            this.voters = voters;
        }

        public int id() {
            return id;
        }

        public Path dataDir() {
            return dir;
        }

        public String bootstrapServer() {
            return "127.0.0.1:" + port;
        }

        public synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        /** The node's process id, or -1 when it does not run. */
        public synchronized long pid() {
            return isRunning() ? process.pid() : -1;
        }

        /** Starts this node (on its ports and data) and waits until it is ready. */
        public void start() {
            try {
                launch().get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                stop();
                throw new IllegalStateException("Kafka node " + id + " not ready; see " + dir.resolve("broker.log"), e);
            }
        }

        /** SIGTERM, then SIGKILL after 30 s; the data stays. */
        public synchronized void stop() {
            if (process == null) {
                return;
            }
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }

        /** SIGKILL, as a crash or the OOM killer would: nothing is flushed or handed over. */
        public synchronized void kill() {
            if (process == null) {
                return;
            }
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }

        /** Deletes the node's data (it must be stopped): started again, it formats afresh and re-replicates from the others. */
        public synchronized void wipe() {
            if (isRunning()) {
                throw new IllegalStateException("Kafka node " + id + " still runs; stop or kill it before wiping its data");
            }
            deleteRecursively(dir.resolve("data"));
        }

        private synchronized CompletableFuture<Void> launch() {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classpath = kafkaModule.resolve("target/lib") + "/*" + java.io.File.pathSeparator + kafkaModule.resolve("target/classes");
            List<String> command = new ArrayList<>(List.of(javaBin, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC"));
            if (!Boolean.getBoolean("benchmark")) {
                // a test's or the local network's broker lives minutes under little load: the C1 compiler alone
                // spends about 40 % less CPU (idle after start, 45 s: 7.4 -> 4.3 CPU-seconds); a benchmark
                // (-Dbenchmark=true) measures the broker with the JVM's defaults
                command.add("-XX:TieredStopAtLevel=1");
            }
            command.addAll(List.of("-cp", classpath,
                    "io.cutover.kafka.LocalBroker", "--dir", dir.toString(), "--port", String.valueOf(port),
                    "--controller-port", String.valueOf(controllerPort), "--topics", kafkaModule.resolve("topics.conf").toString()));
            if (clusterSize > 1) {
                command.addAll(List.of("--brokers", String.valueOf(clusterSize), "--node-id", String.valueOf(id),
                        "--controller-voters", voters));
            }
            if (security.sasl()) {
                command.addAll(List.of("--secure", "--acls", kafkaModule.resolve("acls.conf").toString(),
                        "--users", String.join(",", security.roleUsers())));
            }
            CompletableFuture<Void> ready = new CompletableFuture<>();
            try {
                Files.createDirectories(dir);
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                if (shared) {
                    builder.environment().put(TestProcesses.SHARED_MARK, "kafka");
                }
                process = builder.start();
            } catch (IOException e) {
                ready.completeExceptionally(e);
                return ready;
            }
            Process started = process;
            Thread pump = new Thread(() -> pumpOutput(started, dir.resolve("broker.log"), ready), "kafka-node-" + id + "-output");
            pump.setDaemon(true);
            pump.start();
            return ready;
        }
    }

    private static void pumpOutput(Process process, Path log, CompletableFuture<Void> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith("READY ")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("Kafka node exited before it was ready; see " + log));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    private static Path findKafkaModule() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("deploy/kafka");
            if (Files.isDirectory(candidate.resolve("target/lib"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("deploy/kafka/target/lib not found above " + Path.of("").toAbsolutePath()
                + "; build the deploy/kafka module first (./mvnw -pl deploy/kafka package)");
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
