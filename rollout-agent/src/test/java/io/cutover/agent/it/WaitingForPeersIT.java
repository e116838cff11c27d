package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * A node switched early waits at the upgrade height for its peers longer than
 * {@code node.startTimeoutSeconds} (3 s) and is not killed: the same process stays up, the status
 * says "waiting for peers" with the voting power the other agents report back on the release, and
 * the rollout ends RUNNING once the chain passes the height.
 * <p>
 * The new release is a real simulated node that answers at H and makes no block: started without a
 * snapshot argument, it reads the halt at H its predecessor was asked for and stays there, as a node
 * of a chain without 2/3 of the power does, until the test lifts the halt (the chain moving on).
 * The other validators' agents are stood for by their rollout.status reports.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WaitingForPeersIT {

    private static final int START_TIMEOUT_SECONDS = 3;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void useBroker(KafkaBroker shared) {
        broker = shared;
    }

    @Test
    void aNodeWaitingForPeersBeyondTheStartTimeoutIsNotKilledAndEndsRunning() throws Exception {
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "waiting-for-peers");
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        Path config = dir.resolve("config.toml");
        Files.writeString(config, Files.readString(config).replace("startTimeoutSeconds = 15",
                "startTimeoutSeconds = " + START_TIMEOUT_SECONDS + "\nsnapshotArg = \"\""));
        String sha = home.release("v1.1.0", "v1.1.0", false);
        try (RunningAgent agent = RunningAgent.start(home.agentHome, Clock.systemUTC());
                KafkaProducer<String, String> peers = producer()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.agent().height() >= 2);
            long h = agent.agent().height() + 60; // 6 s at 100 ms blocks: the approvals consumer joins its group first, on a busy machine too
            network.approve("v1.1.0", h, sha, 3);

            String waiting = "waiting for peers at height " + h + ": ";
            await().atMost(Duration.ofSeconds(20)).until(() -> apiStatus(agent).getNodeState().equals(waiting + "10 of 40 voting power back on v1.1.0"));
            RolloutStatus api = apiStatus(agent);
            assertThat(api.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_STARTING);
            assertThat(api.getRunningRelease()).isEqualTo("v1.1.0");
            String node = Files.readString(dir.resolve(".cutover/children.pids"));
            assertThat(node).as("the new release's process").isNotBlank();

            report(peers, network, 1, "v1.1.0", RolloutPhase.ROLLOUT_PHASE_STARTING);
            report(peers, network, 2, "v1.0.0", RolloutPhase.ROLLOUT_PHASE_HALTING);
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.agent().status().getNodeState()
                    .equals(waiting + "20 of 40 voting power back on v1.1.0"));

            Instant startedAt = state(agent).phaseSince();
            Duration twiceTheTimeout = Duration.ofSeconds(2L * START_TIMEOUT_SECONDS);
            await().atMost(twiceTheTimeout.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Duration.between(startedAt, Instant.now()).compareTo(twiceTheTimeout) > 0);
            assertThat(state(agent).phase()).as("waiting for peers is healthy").isEqualTo(Phase.STARTING);
            assertThat(state(agent).phaseSince()).isEqualTo(startedAt);
            assertThat(state(agent).attempts()).isZero();
            assertThat(Files.readString(dir.resolve(".cutover/children.pids"))).as("the same process").isEqualTo(node);

            report(peers, network, 2, "v1.1.0", RolloutPhase.ROLLOUT_PHASE_STARTING);
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.agent().status().getNodeState()
                    .equals(waiting + "30 of 40 voting power back on v1.1.0"));

            liftHalt(home.port);
            await().atMost(Duration.ofSeconds(10)).until(() -> state(agent).phase() == Phase.RUNNING);
            RolloutState done = state(agent);
            assertThat(done.runningRelease()).isEqualTo("v1.1.0");
            assertThat(done.lastCompleted()).startsWith("v1.1.0@" + h);
            assertThat(done.restarts()).isZero();
            assertThat(done.lastSeenHeight()).isGreaterThan(h);
            assertThat(Files.readString(dir.resolve(".cutover/children.pids"))).as("the same process").isEqualTo(node);
            assertThat(agent.agent().status().getNodeState()).isEmpty();

            List<RolloutStatus> reported = network.statuses("validator-1");
            assertThat(reported).extracting(RolloutStatus::getPhase).doesNotContain(RolloutPhase.ROLLOUT_PHASE_RETRYING,
                    RolloutPhase.ROLLOUT_PHASE_FAILED);
            assertThat(reported).extracting(RolloutStatus::getNodeState).contains(waiting + "20 of 40 voting power back on v1.1.0");
        } finally {
            network.close();
        }
    }

    private static RolloutState state(RunningAgent agent) {
        return agent.agent().state();
    }

    /** What {@code rollout-agent status} prints: the running agent's /api/v1/status. */
    private static RolloutStatus apiStatus(RunningAgent agent) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + agent.apiPort() + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return EventJson.read(body, RolloutStatus.newBuilder());
    }

    /** Another validator's agent reporting on rollout.status. */
    private static void report(KafkaProducer<String, String> producer, SimNetwork network, int validator, String release,
            RolloutPhase phase) throws Exception {
        String node = "validator-" + (validator + 1);
        RolloutStatus status = RolloutStatus.newBuilder().setChainId(network.chain).setNode(node)
                .setValidatorKey(network.validators.get(validator).publicKeyHex()).setRunningRelease(release).setPhase(phase).build();
        producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(network.chain, node), EventJson.write(status)))
                .get();
    }

    /** The chain moves on: the halted node resumes making blocks. */
    private static void liftHalt(int port) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/admin/halt")).POST(HttpRequest.BodyPublishers.ofString("{\"height\": 0}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
    }

    private static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
