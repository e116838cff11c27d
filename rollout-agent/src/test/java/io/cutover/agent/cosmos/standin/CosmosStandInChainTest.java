package io.cutover.agent.cosmos.standin;

import static org.assertj.core.api.Assertions.assertThat;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four stand-in Cosmos nodes of power 10 with --peers: at the plan's height every old binary stops
 * with UPGRADE NEEDED, and block H is made only once three run the binary with the handler.
 */
class CosmosStandInChainTest {

    private static final List<String> NODES = List.of("v1", "v2", "v3", "v4");
    private static final Pattern HEIGHT = Pattern.compile("\"latest_block_height\":\"(\\d+)\"");

    @TempDir
    Path dir;

    private final Map<String, int[]> ports = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private Path peers;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (String v : new ArrayList<>(running.keySet())) {
            stop(v);
        }
    }

    @Test
    void everyOldBinaryStopsAtThePlanAndTheChainResumesWhenThreeHaveTheHandler() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String v : NODES) {
            ports.put(v, new int[] {freePort(), freePort()});
            lines.append(v).append(" 10 127.0.0.1:").append(ports.get(v)[0]).append('\n');
        }
        peers = Files.writeString(dir.resolve("peers"), lines.toString());
        Path old = StandInRelease.of("v1").write(dir.resolve("v1/bin/app"));
        Path upgraded = StandInRelease.of("v2", "v2").write(dir.resolve("v2/bin/app"));
        for (String v : NODES) {
            start(v, old);
        }
        await("blocks on every node", () -> NODES.stream().allMatch(v -> height(v) >= 2));
        long h = height("v1") + 6;
        for (String v : NODES) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(v)[0] + "/admin/plan"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"v2\",\"height\":" + h + ",\"info\":\"{}\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        await("every old binary needs the upgrade at H", () -> NODES.stream().allMatch(v -> log(v).contains("UPGRADE \"v2\" NEEDED at height: " + h)));
        for (String v : NODES) {
            assertThat(height(v)).as("%s shows H", v).isEqualTo(h);
            assertThat(Files.readString(home(v).resolve("data/height")).trim()).as("committed H-1").isEqualTo(Long.toString(h - 1));
            assertThat(Files.readString(home(v).resolve("data/upgrade-info.json"))).contains("\"name\":\"v2\"").contains("\"height\":" + h);
        }

        for (String v : List.of("v1", "v2")) {
            stop(v);
            start(v, upgraded);
        }
        await("v2 waits with 20 of 40", () -> log("v2").contains("waiting for peers at height " + (h - 1) + ": 20 of 40 power"));
        assertThat(Files.readString(home("v1").resolve("data/height")).trim()).as("no block H with 20 of 40").isEqualTo(Long.toString(h - 1));

        stop("v3");
        start("v3", upgraded);
        await("the chain resumes with the handler", () -> height("v1") >= h + 1 && height("v3") >= h + 1);
        assertThat(log("v1")).contains("applying upgrade \"v2\" at height: " + h);
        assertThat(height("v4")).as("the old binary stays stopped").isEqualTo(h);
    }

    private Path home(String v) {
        return dir.resolve("home-" + v);
    }

    private void start(String v, Path binary) throws IOException {
        Files.createDirectories(home(v));
        running.put(v, new ProcessBuilder(binary.toString(), "start", "--home", home(v).toString(), "--rpc-port",
                Integer.toString(ports.get(v)[0]), "--grpc-port", Integer.toString(ports.get(v)[1]), "--block-interval-ms", "100",
                "--peers", peers.toString(), "--validator", v)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(v + ".log").toFile())).start());
    }

    private void stop(String v) throws InterruptedException {
        Process p = running.remove(v);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private long height(String v) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(v)[0] + "/status"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEIGHT.matcher(body);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String log(String v) {
        try {
            Path file = dir.resolve(v + ".log");
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
