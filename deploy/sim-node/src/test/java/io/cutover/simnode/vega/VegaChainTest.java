package io.cutover.simnode.vega;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four stand-in cores of power 10 started with --peers: one chain through a protocol upgrade. */
class VegaChainTest {

    private static final List<String> NODES = List.of("v1", "v2", "v3", "v4");

    @TempDir
    Path dir;

    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private Path peers;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (String v : new ArrayList<>(running.keySet())) {
            stop(v);
        }
    }

    @Test
    void everyCoreStopsAtHAndTheChainResumesWhenThreeRunTheNewRelease() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String v : NODES) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.put(v, s.getLocalPort());
            }
            lines.append(v).append(" 10 127.0.0.1:").append(ports.get(v)).append('\n');
        }
        peers = Files.writeString(dir.resolve("peers"), lines.toString());
        for (String v : NODES) {
            start(v, "v0.1.0");
        }
        await("blocks on every core", () -> NODES.stream().allMatch(v -> height(v) >= 2));
        long h = height("v1") + 6;
        for (String v : NODES) {
            Files.writeString(dir.resolve(v).resolve(CoreChain.ACCEPTED_FILE), "v0.2.0 " + h);
        }
        await("every core ready at H", () -> NODES.stream().allMatch(v -> admin(v).contains("\"ReadyToUpgrade\":true")));
        for (String v : NODES) {
            assertThat(height(v)).as("%s stopped at H", v).isEqualTo(h);
            assertThat(Files.exists(dir.resolve(v).resolve("snapshot-" + h))).isTrue();
        }

        for (String v : List.of("v1", "v2")) {
            stop(v);
            start(v, "v0.2.0", "--snapshot.load-from-block-height", Long.toString(h));
        }
        await("v2 waits with 20 of 40", () -> log("v2").contains("waiting for peers at height " + h + ": 20 of 40 power"));
        assertThat(height("v1")).as("no block with 20 of 40 power").isEqualTo(h);

        stop("v3");
        start("v3", "v0.2.0", "--snapshot.load-from-block-height", Long.toString(h));
        await("the chain resumes on v0.2.0", () -> height("v1") >= h + 2 && height("v3") >= h + 2);
        assertThat(log("v1")).contains("block " + (h + 1) + " committed by v0.2.0");
        assertThat(Files.readAllLines(dir.resolve("v1").resolve(CoreChain.TIMELINE_FILE)))
                .anyMatch(l -> l.startsWith("block " + (h + 1) + " ") && l.endsWith(" v0.2.0"));
    }

    private void start(String v, String tag, String... extra) throws IOException {
        Path launcher = dir.resolve("releases").resolve(tag).resolve("vega");
        if (!Files.exists(launcher)) {
            VegaCore.writeLauncher(tag, launcher, VegaCore.ownJar());
        }
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "start", "--home", dir.resolve(v).toString(),
                "--admin-socket", dir.resolve(v + ".sock").toString(), "--block-interval", "100ms", "--peers", peers.toString(),
                "--validator", v));
        command.addAll(List.of(extra));
        Files.createDirectories(dir.resolve(v));
        running.put(v, new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(v + ".log").toFile())).start());
    }

    private void stop(String v) throws InterruptedException {
        Process p = running.remove(v);
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The core's committed height (its height file: /status stops answering at H). */
    private long height(String v) {
        try {
            Path file = dir.resolve(v).resolve(CoreChain.HEIGHT_FILE);
            return Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private String admin(String v) {
        try {
            return AdminCall.upgradeStatus(dir.resolve(v + ".sock")).body();
        } catch (IOException e) {
            return "";
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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
