package io.cutover.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real single-node Kafka broker (KRaft) in a child JVM, on free loopback ports with a fresh data
 * directory, started from the jars that the {@code deploy/kafka} module collected. Restartable on
 * the same ports and data, so tests can take the broker away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final long READY_TIMEOUT_SECONDS = 90;

    private final Path kafkaModule;
    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean temporary;
    private BrokerSecurity security = BrokerSecurity.PLAINTEXT;
    private Process process;

    private KafkaBroker(Path kafkaModule, Path dataDir, int port, int controllerPort, boolean temporary) {
        this.kafkaModule = kafkaModule;
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.temporary = temporary;
    }

    /** Starts a secured broker (see {@link BrokerSecurity}) on free ports and a temporary data directory. */
    public static KafkaBroker startSecured(BrokerSecurity security) {
        try {
            KafkaBroker broker = new KafkaBroker(findKafkaModule(), Files.createTempDirectory("cutover-kafka-"), freePort(), freePort(), true);
            broker.security = security;
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker secured as {@code security} on the given ports, keeping its data in {@code dataDir}. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort, BrokerSecurity security) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = new KafkaBroker(findKafkaModule(), dataDir, port, controllerPort, false);
        broker.security = security;
        broker.startProcess();
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
    public java.util.Map<String, String> clientProperties(String user) {
        return security.sasl() ? credentials().clientProperties(user) : java.util.Map.of("bootstrap.servers", bootstrapServers());
    }

    /** Starts a broker with the project's topics on free ports and a temporary data directory. */
    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(findKafkaModule(), Files.createTempDirectory("cutover-kafka-"), freePort(), freePort(), true);
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker with the project's topics on the given ports, keeping its data in {@code dataDir}. */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaBroker broker = new KafkaBroker(findKafkaModule(), dataDir, port, controllerPort, false);
        broker.startProcess();
        return broker;
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
        return "127.0.0.1:" + port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker process, keeping its data (see {@link #restart()}). */
    public void stop() {
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

    /** Starts the broker again on the same ports and data. */
    public void restart() {
        stop();
        startProcess();
    }

    /** Stops the broker; a temporary data directory is deleted. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            deleteRecursively(dataDir);
        }
    }

    private void startProcess() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = kafkaModule.resolve("target/lib") + "/*" + java.io.File.pathSeparator + kafkaModule.resolve("target/classes");
        List<String> command = new ArrayList<>(List.of(javaBin, "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath,
                "io.cutover.kafka.LocalBroker", "--dir", dataDir.toString(), "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--topics", kafkaModule.resolve("topics.conf").toString()));
        if (security.sasl()) {
            command.addAll(List.of("--secure", "--acls", kafkaModule.resolve("acls.conf").toString(),
                    "--users", String.join(",", security.roleUsers())));
        }
        try {
            Path log = dataDir.resolve("broker.log");
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            CompletableFuture<Void> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pumpOutput(log, ready), "kafka-broker-output");
            pump.setDaemon(true);
            pump.start();
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            stop();
            throw new IllegalStateException("Kafka broker not ready in " + READY_TIMEOUT_SECONDS + " s; see " + dataDir.resolve("broker.log"), e);
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Kafka broker failed to start; see " + dataDir.resolve("broker.log"), e);
        }
    }

    private void pumpOutput(Path log, CompletableFuture<Void> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith("READY ")) {
                    ready.complete(null);
                }
            }
            ready.completeExceptionally(new IllegalStateException("broker exited before it was ready"));
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
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
