package io.cutover.agent.it;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
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

    /** The packaged agent's start-up (process start → API answering) and idle RSS, through bin/rollout-agent. */
    @Test
    void agentStartupAndIdleRss() throws Exception {
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "bench-rss");
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        int apiPort = SimNetwork.freePort();
        Path config = home.agentHome.config();
        Files.writeString(config, Files.readString(config).replace("port = 0", "port = " + apiPort));
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        HttpClient http = HttpClient.newHttpClient();
        long started = System.nanoTime();
        Process agent = new ProcessBuilder(launcher.toString(), "run", "--home", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() ->
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/status")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
            long startupMillis = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(Long.getLong("idleSeconds", 20) * 1000);
            String rss = Files.readAllLines(Path.of("/proc/" + agent.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?");
            System.out.printf("%nAGENT start-up to API answering: %d ms; idle %s (pid %d, JVM options of bin/rollout-agent)%n%n",
                    startupMillis, rss.replaceAll("\\s+", " "), agent.pid());
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
            network.close();
        }
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
