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
import java.util.concurrent.Callable;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.simnode.consensus.Validators;
import io.cutover.simnode.consensus.Validators.Validator;

/**
 * Four stand-in Cosmos nodes of power 10 with --peers: at the plan's height every old binary stops
 * with UPGRADE NEEDED, and block H is made only once three run the binary with the handler.
 */
class CosmosStandInChainIT {

    private static final List<String> NODES = List.of("v1", "v2", "v3", "v4");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Map<String, int[]> ports = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private Path peers;

    /** SIGTERM to every node at once, then SIGKILL to any still running after 10 s. */
    @AfterEach
    void stopAll() throws InterruptedException {
        running.values().forEach(Process::destroy);
        for (Process p : running.values()) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyOldBinaryStopsAtThePlanAndTheChainResumesWhenThreeHaveTheHandler() throws Exception {
        List<Validator> validators = new ArrayList<>();
        for (String v : NODES) {
            ports.put(v, new int[] {freePort(), freePort()});
            validators.add(new Validator(v, 10, "127.0.0.1:" + ports.get(v)[0]));
        }
        peers = new Validators(validators).write(dir.resolve("peers"));
        Path old = StandInRelease.of("v1").write(dir.resolve("v1/bin/app"));
        Path upgraded = StandInRelease.of("v2", "v2").write(dir.resolve("v2/bin/app"));
        for (String v : NODES) {
            start(v, old);
        }
        await("blocks on every node", () -> heights().stream().allMatch(height -> height >= 2));
        long h = height("v1") + 6;
        for (String v : NODES) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(v)[0] + "/admin/plan"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"v2\",\"height\":" + h + ",\"info\":\"{}\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        await("every old binary needs the upgrade at H", () -> {
            for (String v : NODES) {
                if (!log(v).contains("UPGRADE \"v2\" NEEDED at height: " + h)) {
                    return false;
                }
            }
            return true;
        });
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

    private List<Long> heights() throws Exception {
        List<Long> heights = new ArrayList<>();
        for (String v : NODES) {
            heights.add(height(v));
        }
        return heights;
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

    /** The height the node's /status shows (the JSON pointer the agent reads), -1 while it does not answer. */
    private long height(String v) throws Exception {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(v)[0] + "/status"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
            return JSON.readTree(body).at("/result/sync_info/latest_block_height").asLong(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private String log(String v) throws IOException {
        Path file = dir.resolve(v + ".log");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(condition);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
