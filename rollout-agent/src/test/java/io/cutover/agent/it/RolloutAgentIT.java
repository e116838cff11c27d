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
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.runtime.HostName;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.RolloutTimeline;
import com.google.protobuf.util.Timestamps;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.cutover.testing.MonitoringFiles;

/** The agent end to end: real broker, simulated nodes started as child processes, signed approvals. */
@ExtendWith(KafkaBrokerExtension.class)
class RolloutAgentIT {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private SimNetwork network;
    private RunningAgent agent;

    @BeforeAll
    static void useBroker(KafkaBroker shared) {
        broker = shared;
    }

    @org.junit.jupiter.api.BeforeEach
    void network(TestInfo test) {
        network = new SimNetwork(broker.bootstrapServers(), "chain-" + test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        network.close();
    }

    @Test
    void upgradesAtExactlyTheApprovedHeightAndReportsEveryPhase() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        String sha = home.release("v1.1.0", "v1.1.0", false);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, sha, 3);

        await().atMost(Duration.ofSeconds(40)).until(() -> state().phase() == Phase.RUNNING && "v1.1.0".equals(state().runningRelease()));
        RolloutState done = state();
        assertThat(done.haltedAtHeight()).isEqualTo(h);
        assertThat(done.lastCompleted()).startsWith("v1.1.0@" + h);
        assertThat(home.agentHome.currentRelease()).isEqualTo("v1.1.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.agent().height() > h);
        assertThat(agent.agent().status().getSwitchoverMillis()).isPositive();

        // the agent sends its report and sets its metrics just after the state changed: wait for them
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<RolloutStatus> reported = network.statuses("validator-1");
            List<RolloutPhase> phases = reported.stream().map(RolloutStatus::getPhase).distinct().toList();
            assertThat(phases).containsSubsequence(RolloutPhase.ROLLOUT_PHASE_SCHEDULED, RolloutPhase.ROLLOUT_PHASE_STAGING,
                    RolloutPhase.ROLLOUT_PHASE_READY, RolloutPhase.ROLLOUT_PHASE_HALTING, RolloutPhase.ROLLOUT_PHASE_SWITCHING,
                    RolloutPhase.ROLLOUT_PHASE_STARTING);
            RolloutStatus last = reported.get(reported.size() - 1);
            assertThat(last.getRunningRelease()).isEqualTo("v1.1.0");
            assertThat(last.getValidatorKey()).isEqualTo(network.validators.get(0).publicKeyHex());
            assertThat(last.getHost()).isEqualTo(HostName.local());
            RolloutTimeline timeline = last.getTimeline();
            assertThat(timeline.getUpgradeId()).isEqualTo(done.lastCompleted());
            assertThat(List.of(timeline.getStagedAt(), timeline.getVerifiedAt(), timeline.getHaltedAt(), timeline.getSwitchedAt(),
                    timeline.getStartedAt(), timeline.getFirstBlockAt())).map(Timestamps::toMillis)
                    .allMatch(millis -> millis > 0).isSortedAccordingTo(Long::compare);
        });
        String served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.apiPort()
                + "/api/v1/status")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(served).contains("\"host\"", "\"firstBlockAt\"", "\"upgradeId\":\"" + done.lastCompleted() + "\"");

        String labels = "chain=\"" + network.chain + "\",node=\"validator-1\"";
        String scrape = await().atMost(Duration.ofSeconds(10)).until(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + agent.apiPort() + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body(),
                body -> java.util.regex.Pattern.compile("cutover_agent_phase\\{" + labels + ",phase=\"RUNNING\",?} 1\\.0").matcher(body).find());
        assertThat(scrape).containsPattern("cutover_agent_switchover_seconds_count\\{" + labels + ",?} 1(\\.0)?\n")
                .containsPattern("cutover_agent_staging_seconds_count\\{" + labels + ",?} 1(\\.0)?\n");
        assertThat(MonitoringFiles.exposedNames(scrape)).as("every agent metric deploy/monitoring queries")
                .containsAll(MonitoringFiles.metricNamesOf("rollout-agent"));
    }

    @Test
    void stagingAtTheHaltVerifiesTheReleaseOnlyOnceTheNodeIsStoppedAtTheHeight() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "[upgrade]\nstaging = \"at-halt\"");
        String sha = home.release("v1.1.0", "v1.1.0", false);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, sha, 3);

        await().atMost(Duration.ofSeconds(40)).until(() -> state().phase() == Phase.RUNNING && "v1.1.0".equals(state().runningRelease()));
        assertThat(state().haltedAtHeight()).isEqualTo(h);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(network.statuses("validator-1").stream()
                .map(RolloutStatus::getPhase).toList())
                .containsSubsequence(RolloutPhase.ROLLOUT_PHASE_SCHEDULED, RolloutPhase.ROLLOUT_PHASE_HALTING,
                        RolloutPhase.ROLLOUT_PHASE_SWITCHING, RolloutPhase.ROLLOUT_PHASE_RUNNING)
                .as("nothing staged before the halt").doesNotContain(RolloutPhase.ROLLOUT_PHASE_STAGING, RolloutPhase.ROLLOUT_PHASE_READY));
    }

    @Test
    void ignoresAnApprovalWithTooLittlePowerAndReportsIt() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        String sha = home.release("v1.1.0", "v1.1.0", false);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, sha, 2);

        await().atMost(Duration.ofSeconds(15)).until(() -> state().lastError().contains("INSUFFICIENT_POWER"));
        // the agent applied heights past h (its state's own lastSeenHeight, not the poller's): it had the chance to act
        RolloutState past = await().atMost(Duration.ofSeconds(15)).until(this::state, s -> s.lastSeenHeight() > h + 2);
        assertThat(past.phase()).isEqualTo(Phase.RUNNING);
        assertThat(past.runningRelease()).isEqualTo("genesis");
    }

    @Test
    void aReleaseFailingTheChecksumIsNeverStartedButTheNodeIsHaltedAtTheHeight() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        home.release("v1.1.0", "v1.1.0", false);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, "ab".repeat(32), 3);

        RolloutState failed = await().atMost(Duration.ofSeconds(15)).until(this::state,
                s -> s.phase() == Phase.FAILED && s.lastError().contains("CHECKSUM_MISMATCH"));
        assertThat(failed.haltedAtHeight()).as("before the height the old release keeps running").isZero();
        RolloutState halted = await().atMost(Duration.ofSeconds(30)).until(this::state, s -> s.haltedAtHeight() == h);
        assertThat(halted.phase()).isEqualTo(Phase.FAILED);
        assertThat(halted.lastError()).contains("STOPPED");
        assertThat(home.agentHome.currentRelease()).isEqualTo("genesis");
        assertThat(Files.readString(home.agentHome.root().resolve("data/height"))).isEqualTo(Long.toString(h));
    }

    @Test
    void aNewReleaseCrashingOnStartIsRetriedThenFails() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        String sha = home.release("v1.1.0", "v1.1.0", true);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, sha, 4);

        RolloutState failed = await().atMost(Duration.ofSeconds(60)).until(this::state, s -> s.phase() == Phase.FAILED);
        assertThat(failed.restarts()).isEqualTo(2);
        assertThat(failed.lastError()).contains("attempt 3").contains("the node is stopped");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(network.statuses("validator-1").stream()
                .map(RolloutStatus::getPhase)).contains(RolloutPhase.ROLLOUT_PHASE_RETRYING, RolloutPhase.ROLLOUT_PHASE_FAILED));
    }

    @Test
    void rollsBackToThePreviousReleaseWhenEnabled() throws Exception {
        SimNetwork.Home home = network.home(dir, "validator-1", "rollbackOnFailure = true");
        String sha = home.release("v1.1.0", "v1.1.0", true);
        long h = startAndPickHeight(home);
        network.approve("v1.1.0", h, sha, 3);

        RolloutState rolledBack = await().atMost(Duration.ofSeconds(60)).until(this::state, s -> s.phase() == Phase.ROLLED_BACK);
        assertThat(rolledBack.lastError()).contains("rolled back to genesis");
        // the rollback itself (current pointed back, the old release started again) runs after the phase changed
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(home.agentHome.currentRelease()).isEqualTo("genesis"));
        await().atMost(Duration.ofSeconds(15)).until(() -> agent.agent().height() > h);
    }

    private long startAndPickHeight(SimNetwork.Home home) throws Exception {
        agent = RunningAgent.start(home.agentHome, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.agent().height() >= 2);
        return agent.agent().height() + 40; // 4 s at 100 ms blocks: room for the approval on a busy machine
    }

    private RolloutState state() {
        return agent.agent().state();
    }
}
