package io.cutover.aggregator.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.proposal.ProposalId;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.RolloutTimeline;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The dashboard in a real headless browser (Debian's chromium driven by playwright-core, prepared
 * by src/test/browser/prepare.sh): the packaged aggregator on a real broker, a proposal submitted
 * during the test, then votes and agents' reports arriving while the page stays open. The browser
 * half is src/test/browser/dashboard-check.mjs; screenshots land in target/browser/.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class DashboardBrowserIT {

    private static final Path WORK = Path.of("target/browser").toAbsolutePath();
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final String TAG = "v1.1.0";
    private static final long HEIGHT = 1000;
    private static final String ID = ProposalId.of(TAG, HEIGHT, List.of());
    /** The nodes' timelines are drawn around this moment. */
    private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process aggregator;
    private Process browser;

    @Test
    void showsAProposalThenUpdatesLiveWithoutReload(KafkaBroker broker) throws Exception {
        assertThat(Path.of("/usr/bin/chromium")).as("prepared by src/test/browser/prepare.sh").isExecutable();
        assertThat(WORK.resolve("node_modules/playwright-core")).as("prepared by src/test/browser/prepare.sh").isDirectory();
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        try (KafkaProducer<String, String> kafka = TestNetwork.producer(broker.bootstrapServers())) {
            int port = KafkaBroker.freePort();
            aggregator = launchAggregator(broker.bootstrapServers(), network.writeToml(), port);
            String base = "http://127.0.0.1:" + port;
            awaitJson(base + "/api/v1/network", n -> n.path("chainId").asText().equals(TestNetwork.CHAIN));

            // a proposal submitted during the test, at network height 900
            for (int v = 1; v <= 4; v++) {
                TestNetwork.send(kafka, network.heightReport(v, 900).toBuilder().setRunningRelease("v1.0.0")
                        .setPhase(RolloutPhase.ROLLOUT_PHASE_RUNNING).build());
            }
            TestNetwork.send(kafka, network.approve(1, TAG, HEIGHT));
            awaitJson(base + "/api/v1/network", n -> n.path("networkHeight").asLong() == 900);
            awaitJson(base + "/api/v1/proposals/" + ID, p -> p.path("status").asText().equals("PROPOSAL_STATUS_PENDING"));

            Steps steps = openBrowser(base + "/");
            steps.await("loaded");

            // approval, and the agents' phases 40 blocks before the height with only 10 of 40 power ready
            TestNetwork.send(kafka, network.approve(2, TAG, HEIGHT));
            TestNetwork.send(kafka, network.approve(3, TAG, HEIGHT));
            TestNetwork.send(kafka, agent(network, 1, 960, RolloutPhase.ROLLOUT_PHASE_READY, true, ""));
            TestNetwork.send(kafka, agent(network, 2, 960, RolloutPhase.ROLLOUT_PHASE_STAGING, false, ""));
            TestNetwork.send(kafka, agent(network, 3, 960, RolloutPhase.ROLLOUT_PHASE_SCHEDULED, false, ""));
            TestNetwork.send(kafka, agent(network, 4, 960, RolloutPhase.ROLLOUT_PHASE_FAILED, false,
                    "sha256 of cutover-node-v1.1.0 is 9f2c…e1, the approved artifact says 41d0…7a: not executed"));
            // the votes and the reports come from two topics: wait for the state after both (the reports at 960
            // themselves: at 900 the upgrade is already at risk with 100 blocks left), not the votes alone
            JsonNode risky = awaitJson(base + "/api/v1/network", n -> n.path("upgrades").path(0).path("haltRisk").asBoolean()
                    && n.path("networkHeight").asLong() == 960 && n.path("upgrades").path(0).path("blocksLeft").asLong() == 40);
            assertThat(risky.path("upgrades").path(0).path("blocksLeft").asLong()).isEqualTo(40);
            steps.proceed();
            steps.await("warned");

            // validators 2 and 3 staged it too: 30 of 40 meets "more than 2/3"
            TestNetwork.send(kafka, agent(network, 1, 980, RolloutPhase.ROLLOUT_PHASE_READY, true, ""));
            TestNetwork.send(kafka, agent(network, 2, 980, RolloutPhase.ROLLOUT_PHASE_READY, true, ""));
            TestNetwork.send(kafka, agent(network, 3, 980, RolloutPhase.ROLLOUT_PHASE_READY, true, ""));
            TestNetwork.send(kafka, agent(network, 4, 980, RolloutPhase.ROLLOUT_PHASE_FAILED, false,
                    "sha256 of cutover-node-v1.1.0 is 9f2c…e1, the approved artifact says 41d0…7a: not executed"));
            JsonNode ready = awaitJson(base + "/api/v1/network", n -> n.path("upgrades").path(0).path("readyPower").asLong() == 30);
            assertThat(ready.path("upgrades").path(0).path("haltRisk").asBoolean()).isFalse();
            assertThat(ready.path("upgrades").path(0).path("readyEnough").asBoolean()).isTrue();
            // the calendar: the reports' heights and times (one block a second) give the estimate
            JsonNode calendar = awaitJson(base + "/api/v1/calendar", c -> c.path("entries").path(0).path("readyPower").asLong() == 30
                    && c.path("entries").path(0).path("networkHeight").asLong() == 980);
            assertThat(calendar.path("entries").path(0).path("upgradeId").asText()).isEqualTo(ID);
            assertThat(calendar.path("entries").path(0).path("blockTimeMillis").asLong()).isEqualTo(1000);
            assertThat(calendar.path("entries").path(0).path("uncertaintySeconds").asLong()).isEqualTo(1);
            steps.proceed();
            steps.await("ready");

            // two nodes that follow the chain's own upgrade (no network file: no validator key), one of them ready
            TestNetwork.send(kafka, announced("vega-node-a", true));
            TestNetwork.send(kafka, announced("vega-node-b", false));
            // node-a's report alone creates the upgrade: wait until node-b's has been counted too
            JsonNode chain = awaitJson(base + "/api/v1/network", n -> n.path("upgrades").size() == 2
                    && n.path("upgrades").path(1).path("reportingNodes").asInt() == 2);
            JsonNode upgrade = chain.path("upgrades").path(1);
            assertThat(upgrade.path("origin").asText()).isEqualTo("ANNOUNCED_BY_CHAIN");
            assertThat(upgrade.path("proposalId").asText()).isEqualTo("v1.2.0@1500");
            assertThat(upgrade.path("readinessBy").asText()).isEqualTo("NODE_COUNT");
            assertThat(upgrade.path("readyPower").asLong()).isEqualTo(1);
            assertThat(upgrade.path("reportingNodes").asInt()).isEqualTo(2);
            awaitJson(base + "/api/v1/calendar", c -> c.path("entries").size() == 2
                    && c.path("entries").path(1).path("upgradeId").asText().equals("v1.2.0@1500"));
            steps.proceed();
            steps.await("announced");

            // the height reached: the chain waits at it while validators 1 and 2 are back on v1.1.0 (20 of 40)
            TestNetwork.send(kafka, switched(network, 1, RolloutPhase.ROLLOUT_PHASE_STARTING));
            TestNetwork.send(kafka, switched(network, 2, RolloutPhase.ROLLOUT_PHASE_STARTING));
            TestNetwork.send(kafka, agent(network, 3, HEIGHT, RolloutPhase.ROLLOUT_PHASE_HALTING, true, ""));
            JsonNode switching = awaitJson(base + "/api/v1/network", n -> n.path("upgrades").path(0).path("reached").asBoolean()
                    && n.path("upgrades").path(0).path("backPower").asLong() == 20);
            assertThat(switching.path("upgrades").path(0).path("backNodes")).hasSize(2);
            // their timelines: nobody on a block past the height yet, so the moment 2/3 is back is forecast; validator-4 is not ready
            JsonNode forecast = awaitJson(base + "/api/v1/timelines?upgrade=" + ID, t -> t.path("nodes").size() == 4
                    && t.path("nodes").path(2).path("timeline").has("haltedAt") && t.has("forecastBackAt"));
            assertThat(forecast.path("holdingBack").toString()).contains("validator-4");
            steps.proceed();
            steps.await("switching");

            // validator 3 back too: 30 of 40, more than 2/3, and the chain moves on (each node seen on a block past the height)
            for (int v = 1; v <= 3; v++) {
                TestNetwork.send(kafka, switched(network, v, RolloutPhase.ROLLOUT_PHASE_RUNNING));
            }
            awaitJson(base + "/api/v1/network", n -> n.path("upgrades").path(0).path("backPower").asLong() == 30);
            JsonNode back = awaitJson(base + "/api/v1/timelines?upgrade=" + ID, t -> t.has("powerBackAt"));
            assertThat(Instant.parse(back.path("powerBackAt").asText())).isEqualTo(BASE.minusSeconds(14));
            steps.proceed();
            steps.await("resumed");

            // v1.1.0 fails at the next block: validators 1-3 approve a hot-fix, nodes 1 and 2 run it, node 3 is applying it
            for (int v = 1; v <= 3; v++) {
                TestNetwork.send(kafka, network.hotFix(v, ID, "v1.1.1"));
            }
            TestNetwork.send(kafka, recovering(network, 1, RolloutPhase.ROLLOUT_PHASE_RUNNING));
            TestNetwork.send(kafka, recovering(network, 2, RolloutPhase.ROLLOUT_PHASE_RUNNING));
            TestNetwork.send(kafka, recovering(network, 3, RolloutPhase.ROLLOUT_PHASE_RECOVERING));
            awaitJson(base + "/api/v1/network", n -> n.path("recoveries").path(0).path("status").asText().equals("APPROVED")
                    && n.path("recoveries").path(0).path("backPower").asLong() == 20 && n.path("recoveries").path(0).path("steps").size() == 3);
            steps.proceed();
            steps.await("recovering");

            // the chain moves on: nodes 1-3 on the hot-fix, on a block past the height
            for (int v = 1; v <= 3; v++) {
                TestNetwork.send(kafka, recovering(network, v, RolloutPhase.ROLLOUT_PHASE_RUNNING).toBuilder().setHeight(HEIGHT + 1).build());
            }
            awaitJson(base + "/api/v1/network", n -> n.path("networkHeight").asLong() == HEIGHT + 1 && n.path("recoveries").isEmpty()
                    && n.path("upgrades").path(0).path("recoveredBy").path("releaseTag").asText().equals("v1.1.1"));
            steps.proceed();
            steps.await("PASS");

            assertThat(browser.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(browser.exitValue()).isZero();
            for (String shot : List.of("dashboard-loaded.png", "dashboard-halt-warning.png", "dashboard.png", "dashboard-announced.png",
                    "dashboard-power-back.png", "dashboard-recovery.png", "dashboard-light.png", "dashboard-timeline-forecast.png",
                    "dashboard-timeline-back.png", "dashboard-calendar.png", "dashboard-recovered.png")) {
                assertThat(WORK.resolve(shot)).isNotEmptyFile();
            }
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : new Process[] {browser, aggregator}) {
            if (p != null && p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static RolloutStatus agent(TestNetwork network, int validator, long height, RolloutPhase phase, boolean ready, String error) {
        return network.heightReport(validator, height).toBuilder().setRunningRelease("v1.0.0").setPhase(phase).setReady(ready)
                .setTargetProposalId(ID).setTargetRelease(TAG).setTargetHeight(HEIGHT).setLastError(error)
                .setHost("host-" + validator).setTimeline(timeline(validator, phase, ready)).build();
    }

    /** Validator {@code validator}'s steps through the upgrade as far as {@code phase}; on a block past the height once RUNNING (or recovering from a failure past it). */
    private static RolloutTimeline timeline(int validator, RolloutPhase phase, boolean ready) {
        RolloutTimeline.Builder t = RolloutTimeline.newBuilder().setUpgradeId(ID);
        if (ready) {
            t.setStagedAt(at(-121 + validator)).setVerifiedAt(at(-120 + validator));
        }
        if (List.of(RolloutPhase.ROLLOUT_PHASE_HALTING, RolloutPhase.ROLLOUT_PHASE_STARTING, RolloutPhase.ROLLOUT_PHASE_RUNNING,
                RolloutPhase.ROLLOUT_PHASE_RECOVERING).contains(phase)) {
            t.setHaltedAt(at(-30 + validator));
        }
        if (phase != RolloutPhase.ROLLOUT_PHASE_HALTING && t.hasHaltedAt()) {
            t.setSwitchedAt(at(-28 + validator)).setStartedAt(at(-27 + validator));
        }
        if (phase == RolloutPhase.ROLLOUT_PHASE_RUNNING || phase == RolloutPhase.ROLLOUT_PHASE_RECOVERING) {
            t.setFirstBlockAt(at(-20 + 2 * validator));
        }
        return t.build();
    }

    private static com.google.protobuf.Timestamp at(long secondsFromBase) {
        return com.google.protobuf.Timestamp.newBuilder().setSeconds(BASE.getEpochSecond() + secondsFromBase).build();
    }

    /** Validator {@code validator}'s node after the switch: v1.1.0 started at the upgrade height. */
    private static RolloutStatus switched(TestNetwork network, int validator, RolloutPhase phase) {
        return agent(network, validator, HEIGHT, phase, true, "").toBuilder().setRunningRelease(TAG).build();
    }

    /** Validator {@code validator}'s node applying the approved hot-fix v1.1.1 of the upgrade (running it once RUNNING). */
    private static RolloutStatus recovering(TestNetwork network, int validator, RolloutPhase phase) {
        return switched(network, validator, phase).toBuilder().setRecoveryId(ID + "/hot-fix/v1.1.1")
                .setRunningRelease(phase == RolloutPhase.ROLLOUT_PHASE_RUNNING ? "v1.1.1" : TAG).build();
    }

    /** A node of the same chain following the chain's own upgrade v1.2.0 at 1500, without a network file. */
    private static RolloutStatus announced(String node, boolean ready) {
        return RolloutStatus.newBuilder().setChainId(TestNetwork.CHAIN).setNode(node).setHeight(985).setRunningRelease("v1.0.0")
                .setPhase(ready ? RolloutPhase.ROLLOUT_PHASE_READY : RolloutPhase.ROLLOUT_PHASE_STAGING).setReady(ready)
                .setTargetProposalId("v1.2.0@1500").setTargetRelease("v1.2.0").setTargetHeight(1500)
                .setTargetOrigin(TargetOrigin.TARGET_ORIGIN_CHAIN)
                .setReportedAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(java.time.Instant.parse("2026-01-01T00:00:00Z")
                        .getEpochSecond() + 985)).build();
    }

    private Process launchAggregator(String bootstrap, Path toml, int port) throws IOException {
        Files.createDirectories(WORK);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dcutover.network-file=" + toml, "-Dquarkus.http.port=" + port, "-Dcutover.aggregator.instance-id=dashboard-test",
                "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve("aggregator.log").toFile()).start();
    }

    /** Starts dashboard-check.mjs; its stdout is logged to target/browser/dashboard-check.log and read line by line. */
    private Steps openBrowser(String url) throws IOException {
        Path profile = Files.createTempDirectory(WORK, "chromium-profile-");
        browser = new ProcessBuilder("node", "dashboard-check.mjs", url, ID, WORK.toString(), profile.toString())
                .directory(WORK.toFile()).redirectError(WORK.resolve("dashboard-check.err").toFile()).start();
        return new Steps(browser);
    }

    private JsonNode awaitJson(String url, java.util.function.Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        String last = "none";
        while (System.nanoTime() < deadline) {
            assertThat(aggregator.isAlive()).as("aggregator alive (see target/browser/aggregator.log)").isTrue();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && condition.test(json.readTree(response.body()))) {
                    return json.readTree(response.body());
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " did not reach the expected state; last answer: " + last);
    }

    /** The script's STEP lines, read on a thread of their own; proceed() lets it go on to the next step. */
    private static final class Steps {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Writer stdin;

        Steps(Process process) {
            stdin = process.outputWriter(StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                        Writer log = Files.newBufferedWriter(WORK.resolve("dashboard-check.log"))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        log.write(line + "\n");
                        log.flush();
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("FAIL " + e);
                }
                lines.add("EXIT");
            }, "dashboard-check-output");
            reader.setDaemon(true);
            reader.start();
        }

        void await(String step) throws InterruptedException {
            String expected = step.equals("PASS") ? "PASS" : "STEP " + step;
            long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(500, TimeUnit.MILLISECONDS);
                if (line == null) {
                    continue;
                }
                if (line.equals(expected)) {
                    return;
                }
                if (line.startsWith("FAIL") || line.equals("EXIT")) {
                    throw new AssertionError("browser check failed before \"" + step + "\": " + line
                            + " (see target/browser/dashboard-check.err and the screenshots there)");
                }
            }
            throw new AssertionError("browser check did not reach \"" + step + "\" within " + STEP_TIMEOUT);
        }

        void proceed() {
            try {
                stdin.write("go\n");
                stdin.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
