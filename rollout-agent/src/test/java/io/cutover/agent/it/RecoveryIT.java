package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.cutover.proto.v1.Approval;
import io.cutover.testing.KafkaBroker;

/**
 * An upgrade that fails at its height, recovered by the validators: one chain of four simulated
 * nodes of power 10, each run by its own agent, and a real broker. The upgraded release panics
 * instead of making block H+1 on every node, so the chain halts at H; a recovery signed by three
 * validators (real upgrade_recovery transactions) is published under the failed upgrade's key, and
 * every agent applies it unattended until the chain passes H. First a hot-fix, then, for a second
 * failed upgrade on the same chain, a return to the release before it with the checkpoint restored.
 */
class RecoveryIT extends ChainRecoveryIT<SimNetwork.Home> {

    @Override
    protected String name() {
        return "recovery";
    }

    @Override
    protected SimNetwork.Home host(Path dir, AgentChain.Member member, KafkaBroker broker) throws Exception {
        SimNetwork.Home home = network.home(dir, member, "[checkpoint]\ndata = \"data\"");
        withoutRestarts(home.agentHome.config());
        home.release("v1.1.0", "v1.1.0", false, true);
        fixSha = home.release("v1.1.1", "v1.1.1", false);
        home.release("v1.2.0", "v1.2.0", false, true);
        return home.start();
    }

    @Test
    @Order(1)
    void aHotFixSignedByThreeValidatorsIsAppliedByEveryAgentAndTheChainPassesTheHeight() throws Exception {
        Approval failed = failingUpgrade("v1.1.0");
        long h = failed.getHeight();

        aForgedHotFixIsRefusedByEveryAgent(failed, "v1.1.1");

        Approval fix = RecoveryApprovals.hotFix(network, failed, "v1.1.1", fixSha, network.validators.subList(0, 3));
        chain.awaitEveryState("every agent RUNNING the hot-fix", state -> StateJson.phaseOf(state).equals("RUNNING")
                && StateJson.runningReleaseOf(state).equals("v1.1.1"));
        chain.awaitHeight(h + 1);
        assertRecoveredAndReported(fix.getProposalId());
    }

    @Test
    @Order(2)
    void aReturnRestoresTheCheckpointAndTheReleaseBeforeTheUpgradeGoesOnWithTheUpgradeSkipped() throws Exception {
        Approval failed = failingUpgrade("v1.2.0");
        long h = failed.getHeight();
        for (SimNetwork.Home host : chain.hosts()) {
            assertThat(host.stateText()).as("the checkpoint at the halt is recorded")
                    .contains("/checkpoints/h" + h + "-v1.1.1\"");
            Files.writeString(host.agentHome.root().resolve("data/written-after-the-checkpoint"), "x"); // the stopped node's data
        }

        Approval back = RecoveryApprovals.giveBack(network, failed, network.validators.subList(1, 4));
        chain.awaitEveryState("every agent RUNNING the release before the upgrade", state -> StateJson.phaseOf(state).equals("RUNNING")
                && StateJson.runningReleaseOf(state).equals("v1.1.1") && StateJson.haltedAtHeightOf(state) == h);
        chain.awaitHeight(h + 1);
        for (SimNetwork.Home host : chain.hosts()) {
            assertThat(host.agentHome.root().resolve("data/written-after-the-checkpoint")).as("the checkpoint was restored").doesNotExist();
            assertThat(host.agentHome.currentRelease()).isEqualTo("v1.1.1");
        }
        assertRecoveredAndReported(back.getProposalId());
    }

    /** Approves an upgrade to a release that panics past its start height: every node halts at H, switches and fails there. */
    private Approval failingUpgrade(String tag) throws Exception {
        long h = chain.height() + 40; // 4 s at 100 ms blocks: every agent sees the approval and stages the release it has before H
        Approval failed = network.approve(tag, h, SimNetwork.sha256(chain.host("validator-1").agentHome.root().resolve(tag + "/sim-node")), 3);
        chain.awaitHaltedAndFailed(h, tag);
        assertThat(chain.height()).as("the chain is halted at H").isEqualTo(h);
        return failed;
    }
}
