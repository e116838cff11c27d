package io.cutover.agent.cosmos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.cosmos.standin.StandInRelease;
import io.cutover.agent.it.AgentChain;
import io.cutover.core.proposal.Platform;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.agent.it.StateJson;
import io.cutover.agent.it.StatusRecords;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The packaged agent as a drop-in for {@code cosmovisor run}, on a Cosmovisor home with the stand-in
 * Cosmos-SDK node as its child: the plan is learnt from CurrentPlan and staged before the height,
 * the node halts by itself at H (upgrade-info.json, RPC still up) and is stopped, current is
 * switched, the new binary passes H; the same on four nodes of one chain, each under its agent;
 * and the ways this goes wrong.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CosmovisorDropInIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PLATFORM = Platform.current();
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void useBroker(KafkaBroker shared) {
        broker = shared;
    }

    @Test
    void stagesOnlyThisPlatformBeforeTheHeightSwitchesAtItAndNeverReappliesAfterARestart() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-happy")) {
            node.env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "true");
            String[] mine = node.serve(PLATFORM, StandInRelease.of("v2", "v2"));
            String[] other = node.serve("plan9/mips", StandInRelease.of("v2-other", "v2"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            // the node's own height: state.json's lastSeenHeight is saved once per heartbeat and may be 10 blocks behind
            long h = node.nodeHeight() + 30;
            node.schedule("v2", h, "{\"binaries\":{\"plan9/mips\":\"" + other[0] + "?checksum=sha256:" + other[1] + "\",\""
                    + PLATFORM + "\":\"" + mine[0] + "?checksum=sha256:" + mine[1] + "\"}}");

            String ready = await().atMost(WAIT).until(node::stateText,
                    state -> StateJson.phaseOf(state).equals("READY") || StateJson.lastSeenHeightOf(state) >= h);
            assertThat(StateJson.phaseOf(ready)).as("staged and READY before the height").isEqualTo("READY");
            assertThat(StateJson.lastSeenHeightOf(ready)).isLessThan(h);
            Path staged = node.home.resolve("cosmovisor/upgrades/v2/bin/" + CosmosNode.DAEMON);
            long stagedAt = Files.getLastModifiedTime(staged).toMillis();

            await().atMost(WAIT).until(() -> node.phase().equals("RUNNING") && node.stateText().contains("\"lastCompleted\" : \"v2@" + h + "\""));
            long haltedAt = Files.getLastModifiedTime(node.home.resolve("data/upgrade-info.json")).toMillis();
            assertThat(stagedAt).as("the binary was downloaded before the node halted").isLessThan(haltedAt);
            assertThat(node.stateText()).contains("\"haltedAtHeight\" : " + h, "\"runningRelease\" : \"upgrades/v2\"");
            assertThat(node.current()).as("relative link").isEqualTo("upgrades/v2");
            assertThat(Files.readString(node.home.resolve("cosmovisor/upgrades/v2/upgrade-info.json")))
                    .contains("\"name\":\"v2\"", "\"height\":" + h);
            assertThat(node.fetched).as("only this platform's binary is fetched").containsExactly("/" + PLATFORM + "/v2");
            await().atMost(WAIT).until(() -> node.nodeHeight() > h + 2);
            assertThat(Files.readString(node.home.resolve("data/applied-v2")).trim()).isEqualTo(Long.toString(h));
            try (Stream<Path> backups = Files.list(node.home)) {
                assertThat(backups.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("data-backup-"));
            }

            // the agent sends its reports after writing state.json: wait for them
            await().atMost(WAIT).untilAsserted(() -> {
                List<RolloutStatus> statuses = statuses("cosmos-happy");
                assertThat(statuses).filteredOn(s -> s.getTargetHeight() == h)
                        .allSatisfy(s -> {
                            assertThat(s.getTargetRelease()).isEqualTo("v2");
                            assertThat(s.getTargetOrigin()).isEqualTo(TargetOrigin.TARGET_ORIGIN_CHAIN);
                        })
                        .extracting(RolloutStatus::getPhase)
                        .contains(RolloutPhase.ROLLOUT_PHASE_SCHEDULED, RolloutPhase.ROLLOUT_PHASE_READY, RolloutPhase.ROLLOUT_PHASE_HALTING,
                                RolloutPhase.ROLLOUT_PHASE_SWITCHING, RolloutPhase.ROLLOUT_PHASE_STARTING);
                assertThat(statuses.get(statuses.size() - 1).getRunningRelease()).isEqualTo("v2");
            });

            assertThat(node.stopAgent()).as("SIGTERM stops the agent and its node").isTrue();
            node.startAgent();
            long before = node.nodeHeight();
            await().atMost(WAIT).until(() -> node.nodeHeight() > h + 10 && node.phase().equals("RUNNING"));
            assertThat(node.log(1)).as("a restarted agent does not apply v2 again").doesNotContain("SCHEDULED", "current ->");
            assertThat(node.current()).isEqualTo("upgrades/v2");
            assertThat(before).isLessThanOrEqualTo(node.nodeHeight());
        }
    }

    @Test
    void withoutCurrentPlanThePlanIsLearntAtTheHaltAsCosmovisorDoes() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-nogrpc")) {
            node.env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:" + KafkaBroker.freePort());
            node.env.put("UNSAFE_SKIP_BACKUP", "true");
            node.place("v2", StandInRelease.of("v2", "v2"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.seen() + 15;
            node.schedule("v2", h, "");

            await().atMost(WAIT).until(() -> node.phase().equals("RUNNING") && node.stateText().contains("\"lastCompleted\" : \"v2@" + h + "\""));
            assertThat(node.current()).isEqualTo("upgrades/v2");
            await().atMost(WAIT).until(() -> node.nodeHeight() > h);
        }
    }

    @Test
    void aChecksumMismatchIsNeverExecutedReportedBeforeTheHeightAndTheNodeStaysHaltedAtIt() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-mismatch")) {
            node.env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "true");
            String[] mine = node.serve(PLATFORM, StandInRelease.of("v2", "v2"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.nodeHeight() + 60; // 6 s to download, verify and report: the node's own height, not state.json's (saved once per heartbeat)
            node.schedule("v2", h, "{\"binaries\":{\"" + PLATFORM + "\":\"" + mine[0] + "?checksum=sha256:" + "0".repeat(64) + "\"}}");

            // what was reported, and at which height: state.json may already hold the halt at H that follows when read
            await().atMost(WAIT).untilAsserted(() -> assertThat(statuses("cosmos-mismatch")).as("FAILED reported before the height")
                    .anyMatch(s -> s.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED && s.getHeight() < h
                            && s.getLastError().contains("CHECKSUM_MISMATCH")));
            assertThat(node.home.resolve("cosmovisor/upgrades/v2")).doesNotExist();

            String halted = await().atMost(WAIT).until(node::stateText, state -> state.contains("\"haltedAtHeight\" : " + h));
            assertThat(halted).contains("STOPPED");
            assertThat(StateJson.phaseOf(halted)).isEqualTo("FAILED");
            assertThat(node.current()).isEqualTo("genesis");
        }
    }

    @Test
    void aBackupThatWouldNotFitIsRefusedAndTheUpgradeGoesOnOnlyWhenConfiguredSo() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-backup")) {
            node.env.put("CUTOVER_BACKUP_KEEP_FREE", "1000TiB");
            node.place("v2", StandInRelease.of("v2", "v2"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.seen() + 20;
            node.schedule("v2", h, "");

            await().atMost(WAIT).until(() -> node.phase().equals("FAILED"));
            assertThat(node.stateText()).contains("backup refused", "CUTOVER_UPGRADE_WITHOUT_BACKUP", "\"haltedAtHeight\" : " + h);
            assertThat(node.current()).as("not switched").isEqualTo("genesis");
            try (Stream<Path> files = Files.list(node.home)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("backup"));
            }

            assertThat(node.stopAgent()).isTrue();
            node.env.put("CUTOVER_UPGRADE_WITHOUT_BACKUP", "true");
            node.startAgent();
            await().atMost(WAIT).until(() -> node.phase().equals("RUNNING") && node.stateText().contains("\"lastCompleted\" : \"v2@" + h + "\""));
            assertThat(node.current()).isEqualTo("upgrades/v2");
        }
    }

    @Test
    void preUpgradeExit30FailsTheUpgradeAndLeavesCurrentAlone() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-pre30")) {
            node.env.put("UNSAFE_SKIP_BACKUP", "true");
            node.place("v2", StandInRelease.of("v2", "v2").preUpgrade("30"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.seen() + 20;
            node.schedule("v2", h, "");

            await().atMost(WAIT).until(() -> node.phase().equals("FAILED"));
            assertThat(node.stateText()).contains("pre-upgrade exited with 30");
            assertThat(node.current()).isEqualTo("genesis");
        }
    }

    @Test
    void preUpgradeExit31IsRetriedUpToTheMaximumThenFails() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-pre31")) {
            node.env.put("UNSAFE_SKIP_BACKUP", "true");
            node.env.put("DAEMON_PREUPGRADE_MAX_RETRIES", "2");
            node.place("v2", StandInRelease.of("v2", "v2").preUpgrade("31"));
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.seen() + 20;
            node.schedule("v2", h, "");

            await().atMost(WAIT).until(() -> node.phase().equals("FAILED"));
            assertThat(node.stateText()).contains("exited with 31 on all 3 attempts");
            assertThat(Files.readString(node.home.resolve("data/pre-upgrade-calls-v2")).trim()).isEqualTo("3");
        }
    }

    @Test
    void anAgentKilledMidSwitchResumesAndFinishes() throws Exception {
        try (CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), "cosmos-kill")) {
            node.env.put("DAEMON_RESTART_DELAY", "3s");
            node.place("v2", StandInRelease.of("v2", "v2").preUpgrade("31,0"));
            node.env.put("DAEMON_PREUPGRADE_MAX_RETRIES", "1");
            node.startAgent();
            await().atMost(WAIT).until(() -> node.seen() >= 2);
            long h = node.seen() + 20;
            node.schedule("v2", h, "");

            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> node.phase().equals("SWITCHING"));
            node.agent().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(node.phase()).isEqualTo("SWITCHING");

            node.startAgent();
            await().atMost(WAIT).until(() -> node.phase().equals("RUNNING") && node.stateText().contains("\"lastCompleted\" : \"v2@" + h + "\""));
            assertThat(node.current()).isEqualTo("upgrades/v2");
            await().atMost(WAIT).until(() -> node.nodeHeight() > h);
        }
    }

    @Test
    void fourNodesOfOneChainStopAtThePlanAndResumeOnTheNewBinaryEachUnderItsAgent() throws Exception {
        try (AgentChain<CosmosNode> chain = AgentChain.start(dir, 4, member -> {
            CosmosNode node = new CosmosNode(dir.resolve(member.validator()), broker.bootstrapServers(), "cosmos-chain", member);
            node.env.put("UNSAFE_SKIP_BACKUP", "true");
            node.place("v2", StandInRelease.of("v2", "v2"));
            node.startAgent();
            return node;
        })) {
            chain.awaitHeight(2);
            long h = chain.height() + 20;
            for (CosmosNode node : chain.hosts()) {
                node.schedule("v2", h, ""); // governance's plan is in every node's state
            }

            chain.awaitUpgraded(h, "upgrades/v2");
            for (CosmosNode node : chain.hosts()) {
                assertThat(node.current()).isEqualTo("upgrades/v2");
                assertThat(Files.readString(node.home.resolve("data/upgrade-info.json"))).as("the old binary stopped at H")
                        .contains("\"name\":\"v2\"", "\"height\":" + h);
                assertThat(Files.readString(node.home.resolve("data/applied-v2")).trim()).as("the new binary applied v2 at H")
                        .isEqualTo(Long.toString(h));
            }
        }
    }

    /** Every rollout.status record of the chain's validator-1 so far. */
    private static List<RolloutStatus> statuses(String chain) throws Exception {
        return StatusRecords.of(broker.bootstrapServers(), chain, "validator-1");
    }
}
