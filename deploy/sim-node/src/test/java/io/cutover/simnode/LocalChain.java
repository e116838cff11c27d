package io.cutover.simnode;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated validators of power 10 as real processes (one launcher file per release), sharing one
 * peers file, for the consensus tests. {@link #close()} stops every process it started.
 */
final class LocalChain implements AutoCloseable {

    static final String BLOCK_INTERVAL = "100ms";
    private static final Pattern HEIGHT = Pattern.compile("\"latest_block_height\":\"(\\d+)\"");

    private final Path dir;
    private final Path peers;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    LocalChain(Path dir, String... validators) throws IOException {
        this.dir = dir;
        StringBuilder lines = new StringBuilder("# validator power address\n");
        for (String v : validators) {
            int port = freePort();
            ports.put(v, port);
            lines.append(v).append(" 10 127.0.0.1:").append(port).append('\n');
        }
        this.peers = Files.writeString(dir.resolve("peers"), lines.toString());
    }

    Path launcher(String tag) throws IOException {
        Path launcher = dir.resolve("releases").resolve(tag).resolve("sim-node");
        return Files.exists(launcher) ? launcher : Launcher.write(tag, launcher, Launcher.ownJar(), false);
    }

    Path home(String validator) {
        return dir.resolve(validator);
    }

    void start(String validator, String tag, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher(tag).toString(), "run", "--home", home(validator).toString(),
                "--peers", peers.toString(), "--validator", validator, "--block-interval", BLOCK_INTERVAL));
        command.addAll(List.of(extra));
        Files.createDirectories(home(validator));
        Path log = home(validator).resolve("node.log");
        running.put(validator, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
    }

    void stop(String validator) throws InterruptedException {
        Process p = running.remove(validator);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The node's /status body, or "" while it does not answer. */
    String status(String validator) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(validator) + "/status"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The height the node reports, -1 while it does not answer. */
    long height(String validator) {
        Matcher m = HEIGHT.matcher(status(validator));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    int halt(String validator, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(validator) + "/admin/halt"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    String log(String validator) {
        try {
            Path log = home(validator).resolve("node.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The node's blocks.log line for {@code height}, or "". */
    String block(String validator, long height) {
        try {
            Path file = home(validator).resolve("blocks.log");
            if (!Files.exists(file)) {
                return "";
            }
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(height + " ")).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (String v : new ArrayList<>(running.keySet())) {
            stop(v);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
