package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.core.events.EventJson;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.simnode.Launcher;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * A node switched early waits at the upgrade height for its peers longer than
 * {@code node.startTimeoutSeconds} (5 s) and is not killed: on a chain of four simulated nodes of
 * power 10 ({@code --peers}), each run by its own agent, validator-1 has the release in its home and
 * switches at H; the three others download it from the approved URL, which the test lets through one
 * at a time. The early node keeps its process, its status says "waiting for peers" with the power
 * back growing, and it ends RUNNING once three of the four run the release and the chain moves on.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WaitingForPeersIT {

    /** validator-1's: short, and still room for a JVM to answer on a loaded machine (the others keep 15 s). */
    private static final int START_TIMEOUT_SECONDS = 5;

    @TempDir
    Path dir;

    @Test
    void aNodeSwitchedEarlyWaitsForItsPeersBeyondTheStartTimeoutIsNotKilledAndEndsRunning(KafkaBroker broker) throws Exception {
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "waiting-for-peers");
        byte[] release = Files.readAllBytes(Launcher.write("v1.1.0", dir.resolve("dist/sim-node"), SimNetwork.simNodeJar(), false));
        try (AgentChain<SimNetwork.Home> chain = AgentChain.start(dir, 4, member -> {
            SimNetwork.Home home = network.home(dir.resolve(member.validator()), member, "[autoInstall.asset]\nbinaryName = \"sim-node\"");
            return (member.validator().equals("validator-1") ? withStartTimeout(home) : home).start();
        });
                HeldDownload download = new HeldDownload("/v1.1.0/sim-node", release)) {
            SimNetwork.Home early = chain.host("validator-1");
            String sha = early.release("v1.1.0", "v1.1.0", false);
            List<SimNetwork.Home> late = chain.hosts().subList(1, 4);
            chain.awaitHeight(2);
            long h = chain.height() + 40; // 4 s at 100 ms blocks: validator-1 stages the release it has before H, on a busy machine too
            network.approve("v1.1.0", h, sha, download.url(), 3);

            String waiting = "waiting for peers at height " + h + ": ";
            RolloutStatus api = await().atMost(Duration.ofSeconds(30)).until(() -> apiStatus(early),
                    status -> status.getNodeState().equals(waiting + "10 of 40 voting power back on v1.1.0"));
            assertThat(api.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_STARTING);
            assertThat(api.getRunningRelease()).isEqualTo("v1.1.0");
            String node = Files.readString(early.agentHome.root().resolve(".cutover/children.pids"));
            assertThat(node).as("the new release's process").isNotBlank();
            Instant startedAt = early.agent().agent().state().phaseSince();
            // the others halted at H too, and wait for their download with the node stopped
            await().atMost(Duration.ofSeconds(10)).until(() -> late.stream().allMatch(host -> halting(host, h)));

            download.letOneThrough();
            await().atMost(Duration.ofSeconds(20)).until(() -> early.agent().agent().status().getNodeState()
                    .equals(waiting + "20 of 40 voting power back on v1.1.0"));

            Duration twiceTheTimeout = Duration.ofSeconds(2L * START_TIMEOUT_SECONDS);
            await().atMost(twiceTheTimeout.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Duration.between(startedAt, Instant.now()).compareTo(twiceTheTimeout) > 0);
            RolloutState stillWaiting = early.agent().agent().state();
            assertThat(stillWaiting.phase()).as("waiting for peers is healthy").isEqualTo(Phase.STARTING);
            assertThat(stillWaiting.phaseSince()).isEqualTo(startedAt);
            assertThat(stillWaiting.attempts()).isZero();
            assertThat(Files.readString(early.agentHome.root().resolve(".cutover/children.pids"))).as("the same process").isEqualTo(node);

            download.letOneThrough();
            RolloutState done = await().atMost(Duration.ofSeconds(20)).until(() -> early.agent().agent().state(),
                    s -> s.phase() == Phase.RUNNING);
            assertThat(done.runningRelease()).isEqualTo("v1.1.0");
            assertThat(done.lastCompleted()).startsWith("v1.1.0@" + h);
            assertThat(done.restarts()).isZero();
            assertThat(done.lastSeenHeight()).isGreaterThan(h);
            assertThat(Files.readString(early.agentHome.root().resolve(".cutover/children.pids"))).as("the same process").isEqualTo(node);
            assertThat(late.stream().filter(host -> halting(host, h)).count())
                    .as("the chain moved on with 30 of 40: the last download is still held").isEqualTo(1);

            download.letOneThrough();
            chain.awaitUpgraded(h, "v1.1.0");
            List<RolloutStatus> reported = network.statuses("validator-1");
            assertThat(reported).extracting(RolloutStatus::getPhase).doesNotContain(RolloutPhase.ROLLOUT_PHASE_RETRYING,
                    RolloutPhase.ROLLOUT_PHASE_FAILED);
            assertThat(reported).extracting(RolloutStatus::getNodeState).contains(waiting + "20 of 40 voting power back on v1.1.0");
        } finally {
            network.close();
        }
    }

    private static SimNetwork.Home withStartTimeout(SimNetwork.Home home) throws Exception {
        Path config = home.agentHome.root().resolve("config.toml");
        Files.writeString(config, Files.readString(config).replace("startTimeoutSeconds = 15", "startTimeoutSeconds = " + START_TIMEOUT_SECONDS));
        return home;
    }

    /** The agent stopped its node at H and waits for the release to be staged. */
    private static boolean halting(SimNetwork.Home host, long h) {
        RolloutState s = host.agent().agent().state();
        return s.phase() == Phase.HALTING && s.haltedAtHeight() == h;
    }

    /** What {@code rollout-agent status} prints: the running agent's /api/v1/status. */
    private static RolloutStatus apiStatus(SimNetwork.Home home) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + home.agent().apiPort() + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return EventJson.read(body, RolloutStatus.newBuilder());
    }

    /** A release server whose answers the test lets through one at a time; closing it lets the rest through. */
    private static final class HeldDownload implements AutoCloseable {

        private final Semaphore passes = new Semaphore(0);
        private final ExecutorService handlers = Executors.newCachedThreadPool();
        private final HttpServer server;
        private final String path;

        HeldDownload(String path, byte[] body) throws Exception {
            this.path = path;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(handlers);
            server.createContext(path, exchange -> {
                passes.acquireUninterruptibly();
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void letOneThrough() {
            passes.release();
        }

        @Override
        public void close() {
            passes.release(100);
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
