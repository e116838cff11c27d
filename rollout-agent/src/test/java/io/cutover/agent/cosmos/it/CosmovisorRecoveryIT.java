package io.cutover.agent.cosmos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.cutover.agent.cosmos.UpgradePlan;
import io.cutover.agent.cosmos.standin.StandInRelease;
import io.cutover.agent.it.AgentChain;
import io.cutover.agent.it.ChainRecoveryIT;
import io.cutover.agent.it.RecoveryApprovals;
import io.cutover.agent.it.StateJson;
import io.cutover.proto.v1.Approval;
import io.cutover.testing.KafkaBroker;

/**
 * A plan whose new binary panics in the upgrade's first block, recovered by the validators on four
 * Cosmovisor homes of one chain, each under {@code rollout-agent cosmovisor run} with Kafka and
 * {@code CUTOVER_NETWORK_FILE}: the chain halts at the plan's height, a recovery signed by three
 * validators is published under the plan's id ({@code name@H}), and every agent applies it
 * unattended. First a hot-fix that replaces {@code upgrades/<name>/bin}; then, for a second plan, a
 * return: the checkpoint taken at the halt is restored and the old binary starts with
 * {@code --unsafe-skip-upgrades H}, skips the plan and makes block H.
 */
class CosmovisorRecoveryIT extends ChainRecoveryIT<CosmosNode> {

    @Override
    protected String name() {
        return "cosmos-recovery";
    }

    @Override
    protected CosmosNode host(Path dir, AgentChain.Member member, KafkaBroker broker) throws Exception {
        CosmosNode node = new CosmosNode(dir, broker.bootstrapServers(), network.chain, member);
        Path networkFile = Files.writeString(node.dir.resolve("network.toml"), network.networkToml());
        node.env.put("CUTOVER_NETWORK_FILE", networkFile.toString());
        node.env.put("CUTOVER_MAX_RESTARTS", "0"); // a failed start is final at once: the recovery gets the chain going
        node.place("v2", StandInRelease.of("v2", "v2").panickingPastStart());
        node.place("v2.0.1", StandInRelease.of("v2.0.1", "v2"));
        fixSha = CosmosNode.sha256(node.home.resolve("cosmovisor/upgrades/v2.0.1/bin/" + CosmosNode.DAEMON));
        node.place("v3", StandInRelease.of("v3", "v3").panickingPastStart());
        node.startAgent();
        return node;
    }

    @Test
    @Order(1)
    void aHotFixReplacesTheFailedPlansBinaryOnEveryHomeAndTheChainPassesTheHeight() throws Exception {
        Approval failed = failingPlan("v2");
        long h = failed.getHeight();
        aForgedHotFixIsRefusedByEveryAgent(failed, "v2.0.1");

        Approval fix = RecoveryApprovals.hotFix(network, failed, "v2.0.1", fixSha, network.validators.subList(0, 3));
        chain.awaitEveryState("every agent RUNNING the hot-fix", state -> StateJson.phaseOf(state).equals("RUNNING")
                && state.contains(fix.getProposalId()));
        chain.awaitHeight(h + 1);
        for (CosmosNode node : chain.hosts()) {
            Path upgrade = node.home.resolve("cosmovisor/upgrades/v2");
            assertThat(node.current()).isEqualTo("upgrades/v2");
            assertThat(Files.readString(upgrade.resolve("bin/" + CosmosNode.DAEMON))).as("the fix replaced the plan's binary").contains("v2.0.1");
            assertThat(Files.readString(upgrade.resolve("bin.failed/" + CosmosNode.DAEMON))).as("the failing binary is kept").contains("release v2\n");
            assertThat(Files.readString(node.home.resolve("data/applied-v2")).trim()).as("the fix applied the plan at H").isEqualTo(Long.toString(h));
        }
        assertRecoveredAndReported(fix.getProposalId());
    }

    @Test
    @Order(2)
    void aReturnRestoresTheCheckpointAndTheOldBinarySkipsThePlanAlsoAfterTheAgentStartsAgain() throws Exception {
        Approval failed = failingPlan("v3");
        long h = failed.getHeight();
        for (CosmosNode node : chain.hosts()) {
            Files.writeString(node.home.resolve("data/written-after-the-checkpoint"), "x"); // the stopped node's data
        }

        Approval back = RecoveryApprovals.giveBack(network, failed, network.validators.subList(1, 4));
        chain.awaitEveryState("every agent RUNNING the binary before the plan", state -> StateJson.phaseOf(state).equals("RUNNING")
                && state.contains(back.getProposalId()));
        chain.awaitHeight(h + 1);
        for (CosmosNode node : chain.hosts()) {
            assertThat(node.current()).as("current points back at the binary before the plan").isEqualTo("upgrades/v2");
            assertThat(node.home.resolve("data/written-after-the-checkpoint")).as("the checkpoint was restored").doesNotExist();
            assertThat(node.home.resolve("data/applied-v3")).as("the plan was skipped, not applied").doesNotExist();
            assertThat(node.log(0)).as("the old binary started with the plan's height skipped")
                    .containsPattern("started node upgrades/v2 .* --unsafe-skip-upgrades " + h)
                    .contains("UPGRADE \"v3\" SKIPPED at " + h);
        }
        assertRecoveredAndReported(back.getProposalId());

        // an agent started again after the return: the node skips the plan again, never moved onto its failed binary
        CosmosNode restarted = chain.host("validator-1");
        assertThat(restarted.stopAgent()).isTrue();
        long past = chain.height();
        restarted.startAgent();
        await().atMost(Duration.ofSeconds(60)).until(() -> restarted.nodeHeight() > past + 2);
        assertThat(restarted.current()).isEqualTo("upgrades/v2");
        assertThat(restarted.log(1)).contains("started with --unsafe-skip-upgrades " + h).doesNotContain("upgrades/v3 (pid");
    }

    /**
     * Schedules plan {@code name} 20 blocks ahead on every node: every agent halts at H, switches to the
     * plan's binary, which panics; returns the plan as the failed upgrade's approval.
     */
    private Approval failingPlan(String name) throws Exception {
        long h = chain.height() + 20;
        for (CosmosNode node : chain.hosts()) {
            node.schedule(name, h, "");
        }
        chain.awaitHaltedAndFailed(h, name);
        assertThat(chain.height()).as("the chain is halted at H").isLessThanOrEqualTo(h);
        return Approval.newBuilder().setChainId(network.chain).setProposalId(new UpgradePlan(name, h, "").proposalId()).setReleaseTag(name)
                .setHeight(h).build();
    }
}
