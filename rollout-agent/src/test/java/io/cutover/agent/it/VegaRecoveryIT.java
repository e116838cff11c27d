package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.cutover.agent.vega.UpgradeStatusRules;
import io.cutover.proto.v1.Approval;
import io.cutover.testing.KafkaBroker;

/**
 * A chain-announced Vega upgrade that fails at its height, recovered by the validators: four stand-in
 * Vega cores of one chain, each under its packaged agent with {@code source = "vega-core"} and
 * Kafka. The cores accept a release that panics instead of making block H+1, so the chain halts at
 * H; a recovery signed by three validators is published under the upgrade's id ({@code tag@H}) and
 * every agent applies it unattended. First a hot-fix; then, for a second failed upgrade, a return
 * to the release before it: the checkpoint taken at the halt is restored and that release's core
 * starts from its snapshot at H, where no proposal is accepted any more, and makes block H+1.
 */
class VegaRecoveryIT extends ChainRecoveryIT<VisorHome> {

    @Override
    protected String name() {
        return "vega-recovery";
    }

    @Override
    protected VisorHome host(Path dir, AgentChain.Member member, KafkaBroker broker) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("network.toml"), network.networkToml().replace("v1.0.0", "v0.1.0")); // genesis
        VisorHome home = new VisorHome(dir, member, "[checkpoint]\ndata = \"core-data\"\n" + network.reporting(member.validator()));
        withoutRestarts(dir.resolve("config.toml"));
        home.release("v0.2.0", "v0.2.0", true);
        fixSha = SimNetwork.sha256(home.release("v0.2.1", "v0.2.1"));
        home.release("v0.3.0", "v0.3.0", true);
        home.startAgent();
        return home;
    }

    @Test
    @Order(1)
    void aHotFixOfAChainAnnouncedUpgradeIsAppliedByEveryAgentAndTheChainPassesTheHeight() throws Exception {
        Approval failed = failingUpgrade("v0.2.0");
        long h = failed.getHeight();

        Approval fix = RecoveryApprovals.hotFix(network, failed, "v0.2.1", fixSha, network.validators.subList(0, 3));
        chain.awaitEveryState("every agent RUNNING the hot-fix", state -> StateJson.phaseOf(state).equals("RUNNING")
                && StateJson.runningReleaseOf(state).equals("v0.2.1"));
        chain.awaitHeight(h + 1);
        for (VisorHome home : chain.hosts()) {
            assertThat(home.lines("starts.log")).as("the fix starts from the snapshot at H")
                    .anyMatch(l -> l.startsWith("v0.2.1 ") && l.contains("--snapshot.load-from-block-height " + h));
            awaitBlock(home, h + 1, "v0.2.1");
        }
        assertRecoveredAndReported(fix.getProposalId());
    }

    @Test
    @Order(2)
    void aReturnRestoresTheCheckpointAndTheCoreBeforeTheUpgradeGoesOnFromItsSnapshotAtTheHeight() throws Exception {
        Approval failed = failingUpgrade("v0.3.0");
        long h = failed.getHeight();
        for (VisorHome home : chain.hosts()) {
            assertThat(home.stateText()).as("the checkpoint at the halt is recorded").contains("/checkpoints/h" + h + "-v0.2.1\"");
            home.core.write("written-after-the-checkpoint", "x"); // the stopped core's data
        }

        Approval back = RecoveryApprovals.giveBack(network, failed, network.validators.subList(1, 4));
        chain.awaitEveryState("every agent RUNNING the release before the upgrade", state -> StateJson.phaseOf(state).equals("RUNNING")
                && StateJson.runningReleaseOf(state).equals("v0.2.1") && StateJson.haltedAtHeightOf(state) == h);
        chain.awaitHeight(h + 1);
        for (VisorHome home : chain.hosts()) {
            assertThat(home.core.read("written-after-the-checkpoint")).as("the checkpoint was restored").isEmpty();
            assertThat(home.agentHome.currentRelease()).isEqualTo("v0.2.1");
            assertThat(home.lines("starts.log")).as("the release before the upgrade starts from the snapshot at H, with no skip flag")
                    .anyMatch(l -> l.startsWith("v0.2.1 ") && l.contains("--snapshot.load-from-block-height " + h))
                    .noneMatch(l -> l.contains("skip"));
            awaitBlock(home, h + 1, "v0.2.1");
        }
        assertRecoveredAndReported(back.getProposalId());
        for (VisorHome home : chain.hosts()) {
            assertThat(StateJson.lastErrorOf(home.stateText())).as("the release it loaded at H is not taken for an upgrade to make")
                    .doesNotContain("IGNORED").doesNotContain("v0.3.0@");
        }
    }

    /**
     * Makes every core accept {@code tag} (a release that panics past its start) 30 blocks ahead: every
     * agent stages it, halts at H, switches, and its start fails; returns the upgrade as its approval.
     */
    private Approval failingUpgrade(String tag) throws Exception {
        long h = chain.height() + 30;
        chain.hosts().forEach(home -> home.core.accept(tag, h));
        chain.awaitHaltedAndFailed(h, tag);
        assertThat(chain.height()).as("the chain is halted at H").isEqualTo(h);
        return Approval.newBuilder().setChainId(network.chain).setProposalId(UpgradeStatusRules.targetId(tag, h)).setReleaseTag(tag)
                .setHeight(h).build();
    }

    /** The core's timeline names the release that made {@code height} (its height file comes first, then the line). */
    private static void awaitBlock(VisorHome home, long height, String release) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(home.lines("timeline.log")).as(home.dir.toString())
                .anyMatch(l -> l.startsWith("block " + height + " ") && l.endsWith(" " + release)));
    }
}
