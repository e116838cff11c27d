package io.cutover.agent.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.runtime.Agent;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * Not a timed test: prints figures, asserts nothing about time. Run with
 * {@code ./mvnw -pl rollout-agent verify -Dtest=SwitchoverBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Dswitches=50}
 * (the agent figures need the packaged agent, hence verify).
 */
@ExtendWith(KafkaBrokerExtension.class)
class SwitchoverBenchmark {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void useBroker(KafkaBroker shared) {
        broker = shared;
    }

    /** Overhead = (new release spawned − node halted) + (its status answering − it listening): the node's own start-up excluded. */
    @Test
    void switchoverOverhead() throws Exception {
        int switches = Integer.getInteger("switches", 50);
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "bench");
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        List<Long> overhead = new ArrayList<>();
        List<Long> haltToSpawn = new ArrayList<>();
        List<Long> listenToAnswer = new ArrayList<>();
        List<Long> total = new ArrayList<>();
        try (RunningAgent agent = RunningAgent.start(home.agentHome, Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.agent().height() >= 2);
            for (int i = 1; i <= switches; i++) {
                String tag = "v1." + i + ".0";
                String sha = home.release(tag, tag, false);
                long h = agent.agent().height() + 15;
                network.approve(tag, h, sha, 3);
                await().atMost(Duration.ofSeconds(60)).until(() -> agent.agent().state().phase() == Phase.RUNNING
                        && tag.equals(agent.agent().state().runningRelease()));
                Agent.SwitchTiming t = agent.agent().lastSwitch();
                List<String> timeline = Files.readAllLines(home.agentHome.root().resolve("data/timeline.log"));
                long halted = timeline.stream().filter(l -> l.startsWith("halted " + h + " ")).mapToLong(SwitchoverBenchmark::last)
                        .max().orElseThrow();
                long listening = timeline.stream().filter(l -> l.startsWith("listening ")).mapToLong(SwitchoverBenchmark::last)
                        .max().orElseThrow();
                haltToSpawn.add(t.spawnedMillis() - halted);
                listenToAnswer.add(t.answeringMillis() - listening);
                overhead.add(t.spawnedMillis() - halted + t.answeringMillis() - listening);
                total.add(t.answeringMillis() - halted);
            }
        } finally {
            network.close();
        }
        System.out.printf("%nSWITCHOVER over %d switches (ms): overhead p50=%d p99=%d | halt->spawned p50=%d p99=%d"
                + " | listening->answering p50=%d p99=%d | halt->answering incl. node start-up p50=%d p99=%d%n%n", switches,
                pct(overhead, 50), pct(overhead, 99), pct(haltToSpawn, 50), pct(haltToSpawn, 99),
                pct(listenToAnswer, 50), pct(listenToAnswer, 99), pct(total, 50), pct(total, 99));
    }

    /**
     * The packaged agent's start-up (process start → API answering) and idle RSS after {@code idleSeconds}
     * (20), through bin/rollout-agent, over {@code startups} (3) fresh starts: the medians, then each start.
     * JAVA_OPTS and MALLOC_ARENA_MAX in the environment reach the launcher, to compare settings.
     */
    @Test
    void agentStartupAndIdleRss() throws Exception {
        int startups = Integer.getInteger("startups", 3);
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "bench-rss");
        List<Long> startupMillis = new ArrayList<>();
        List<Long> rssKb = new ArrayList<>();
        try {
            for (int i = 1; i <= startups; i++) {
                long[] figures = startOnce(network, dir.resolve("start-" + i));
                startupMillis.add(figures[0]);
                rssKb.add(figures[1]);
            }
        } finally {
            network.close();
        }
        System.out.printf("%nAGENT start-up to API answering: %d ms; idle VmRSS: %d kB (medians of %d starts through bin/rollout-agent,"
                + " JAVA_OPTS %s, MALLOC_ARENA_MAX %s, load average %s)%n", pct(startupMillis, 50), pct(rssKb, 50), startups,
                describe(System.getenv("JAVA_OPTS")), describe(System.getenv("MALLOC_ARENA_MAX")), loadAverage());
        for (int i = 0; i < startups; i++) {
            System.out.printf("AGENT start-up run %d of %d: %d ms, VmRSS %d kB%n", i + 1, startups, startupMillis.get(i), rssKb.get(i));
        }
        System.out.println();
    }

    /** One start of the packaged agent on a fresh home: {start-up ms, idle VmRSS kB}; the agent is stopped again. */
    private static long[] startOnce(SimNetwork network, Path home) throws Exception {
        SimNetwork.Home sim = network.home(home, "validator-1", "");
        int apiPort = SimNetwork.freePort();
        Path config = sim.agentHome.config();
        Files.writeString(config, Files.readString(config).replace("port = 0", "port = " + apiPort));
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        Process agent = new ProcessBuilder(launcher.toString(), "run", "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("agent.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/status")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            long startupMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Long.getLong("idleSeconds", 20) * 1000);
            String rss = Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElseThrow();
            return new long[] {startupMillis, Long.parseLong(rss.replaceAll("\\D", ""))};
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String describe(String value) {
        return value == null || value.isBlank() ? "unset" : "\"" + value + "\"";
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private static long last(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static long pct(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
