package io.cutover.ctl.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.testing.KafkaBroker;

/** One of Cutover's services run from its packaged fast-jar as a child process on a free loopback port. */
public final class PackagedService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private PackagedService(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code <module>/target/quarkus-app/quarkus-run.jar} with the broker, the network file and
     * {@code properties} ("key=value", passed as -D), logging to {@code log}. Does not wait: see {@link #awaitReady}.
     */
    public static PackagedService start(ChildProcesses processes, Path repository, String module, String bootstrap,
            Path networkFile, Path log, List<String> properties) {
        Path jar = repository.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./mvnw -pl " + module + " -am package -DskipTests");
        }
        int port = KafkaBroker.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port, "-Dkafka.bootstrap.servers=" + bootstrap, "-Dcutover.network-file=" + networkFile));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", jar.toString()));
        return new PackagedService(module, port, log, processes.start(command, log));
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early, with the log's end, if the process dies. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            sleep(250);
        }
        throw new AssertionError(name + " not ready within " + timeout + ":\n" + logTail());
    }

    /** Polls {@code GET path} until its JSON matches {@code condition}; returns that JSON. */
    public JsonNode awaitJson(String path, Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<JsonNode> last = Optional.empty();
        while (System.nanoTime() < deadline) {
            last = getJson(path);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            sleep(200);
        }
        throw new AssertionError(name + " " + path + " did not reach the expected state within " + timeout + "; last answer: "
                + last.map(JsonNode::toString).orElse("none") + "\n" + logTail());
    }

    private Optional<JsonNode> getJson(String path) {
        try {
            HttpResponse<String> response = HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).GET().build();
    }

    /** The last lines of the service's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- " + log + " (last lines)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
