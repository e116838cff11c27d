package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged agent on a Visor home with {@code [upgrade] source = "vega-core"}, no Kafka, and the
 * stand-in Vega core as its node: it learns of the upgrade from the core's admin socket, stages the
 * release long before the halt, switches only on ReadyToUpgrade, and survives its own SIGKILL; and
 * four such hosts whose cores form one chain go through an upgrade together.
 */
class VegaCoreIT {

    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void upgradesOnReadyToUpgradeWithTheReleaseStagedBeforeTheHaltAndNoKafka() throws Exception {
        VisorHome home = new VisorHome(dir, "");
        home.release("v0.2.0", "v0.2.0");
        Process agent = home.startAgent();
        try {
            long h = announceAhead(home, 25);
            long readySeen = -1;
            String readyNote = "";
            long deadline = System.nanoTime() + LONG.toNanos();
            while (!(home.phase().equals("RUNNING") && home.stateText().contains("\"runningRelease\" : \"v0.2.0\""))
                    && System.nanoTime() < deadline) {
                if (readySeen < 0 && home.phase().equals("READY")) {
                    readySeen = System.currentTimeMillis();
                    readyNote = home.lastError();
                }
                Thread.sleep(10);
            }
            assertThat(home.stateText()).contains("\"runningRelease\" : \"v0.2.0\"").contains("\"haltedAtHeight\" : " + h);
            assertThat(readySeen).as("READY was seen").isPositive();
            assertThat(readySeen).as("staged and verified before the core stopped at H").isLessThan(home.timeline("ready " + h));
            assertThat(home.timeline("block " + (h + 1))).as("the new release produced H+1").isPositive();
            assertThat(home.lines("timeline.log"))
                    .anyMatch(l -> l.startsWith("block " + (h + 1) + " ") && l.endsWith(" v0.2.0"))
                    .anyMatch(l -> l.startsWith("block " + h + " ") && l.endsWith(" v0.1.0"));
            assertThat(home.lines("starts.log")).as("the new core starts from the snapshot at H")
                    .anyMatch(l -> l.startsWith("v0.2.0 ") && l.contains("--snapshot.load-from-block-height " + h));
            // the data node is a process of its own: the core passing H says nothing about how far it got
            await().atMost(LONG).untilAsserted(() -> assertThat(home.lines("datanode-starts.log"))
                    .as("the data node starts as Visor starts it, without the snapshot flag")
                    .anyMatch(l -> l.startsWith("v0.2.0 datanode start --home"))
                    .noneMatch(l -> l.contains("snapshot")));
            assertThat(home.agentHome.currentRelease()).isEqualTo("v0.2.0");
            assertThat(readyNote).as("no checksum was known, and READY says so").contains("checksum not verified");
        } finally {
            VisorHome.stop(agent);
        }
        assertThat(home.children()).as("SIGTERM to the agent stopped the core and the data node").isEmpty();
    }

    @Test
    void aReleaseThatReportsAnotherTagIsNeverStartedAndTheNodeStaysDownWhileItIsTriedAgainAlsoAfterAnAgentRestart() throws Exception {
        VisorHome home = new VisorHome(dir, "");
        home.release("v0.2.0", "v0.2.1");
        Process agent = home.startAgent();
        try {
            long h = announceAhead(home, 25);
            String failed = await().atMost(LONG).until(home::stateText, state -> StateJson.lastErrorOf(state).contains("WRONG_VERSION"));
            assertThat(StateJson.lastSeenHeightOf(failed)).as("the failed try is reported before the height").isLessThan(h);
            assertThat(StateJson.lastErrorOf(failed)).as("and tried again").contains("trying again in");
            // halted at H, it waits there for the release while staging is tried again (HALTING, the failed try reported)
            String halted = await().atMost(LONG).until(home::stateText, state -> StateJson.haltedAtHeightOf(state) == h);
            assertThat(StateJson.phaseOf(halted)).isEqualTo("HALTING");
            await().atMost(LONG).until(() -> home.lastError().contains("WRONG_VERSION"));
            assertThat(home.lines("starts.log")).as("never started").noneMatch(l -> l.startsWith("v0.2.1"));
            assertThat(home.children()).as("the node stays down").isEmpty();
            assertThat(home.agentHome.currentRelease()).isEqualTo("genesis");

            // an agent killed and started again while it waits at H: the core before the upgrade stays down (a real
            // one started again would load its snapshot at H, where the upgrade is no longer pending, and go on)
            long startsBefore = home.lines("starts.log").size();
            agent.destroyForcibly().waitFor();
            agent = home.startAgent();
            await().atMost(LONG).until(() -> home.agentLog(1).contains("stays stopped until v0.2.0 is staged")
                    && home.agentLog(1).contains("WRONG_VERSION"));
            assertThat(home.lines("starts.log")).as("no core started again").hasSize((int) startsBefore);
            assertThat(home.phase()).isEqualTo("HALTING");
            assertThat(home.children()).isEmpty();
        } finally {
            VisorHome.stop(agent);
        }
    }

    @Test
    void resumesAfterASigkillInReadyAndAgainAfterTheCoreStopped() throws Exception {
        VisorHome home = new VisorHome(dir, "");
        home.release("v0.2.0", "v0.2.0");
        Process agent = home.startAgent();
        try {
            long h = announceAhead(home, 30);
            await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> home.phase().equals("READY"));
            agent.destroyForcibly().waitFor();
            agent = home.startAgent();
            await().atMost(LONG).pollInterval(Duration.ofMillis(5)).until(() -> home.timeline("ready " + h) > 0);
            agent.destroyForcibly().waitFor();
            String killedIn = home.phase();
            agent = home.startAgent();
            await().atMost(LONG).until(() -> home.phase().equals("RUNNING") && home.stateText().contains("\"runningRelease\" : \"v0.2.0\""));
            assertThat(home.stateText()).as("killed in READY, then in %s after the core stopped", killedIn).contains("\"haltedAtHeight\" : " + h);
            assertThat(home.lines("starts.log")).anyMatch(l -> l.startsWith("v0.2.0 ") && l.contains("--snapshot.load-from-block-height " + h));
            assertThat(home.timeline("block " + (h + 1))).isPositive();
        } finally {
            VisorHome.stop(agent);
        }
        assertThat(home.children()).isEmpty();
    }

    @Test
    void fourCoresOfOneChainHaltAtTheHeightAndResumeOnTheNewReleaseEachUnderItsAgent() throws Exception {
        try (AgentChain<VisorHome> chain = AgentChain.start(dir, 4, member -> {
            VisorHome home = new VisorHome(dir.resolve(member.validator()), member, "");
            home.release("v0.2.0", "v0.2.0");
            home.startAgent();
            return home;
        })) {
            chain.awaitHeight(3);
            long h = chain.height() + 30;
            chain.hosts().forEach(home -> home.core.accept("v0.2.0", h));

            chain.awaitUpgraded(h, "v0.2.0");
            for (VisorHome home : chain.hosts()) {
                assertThat(home.lines("starts.log")).as("the new core starts from the snapshot at H")
                        .anyMatch(l -> l.startsWith("v0.2.0 ") && l.contains("--snapshot.load-from-block-height " + h));
                // a core writes its height file, then its timeline line
                await().atMost(LONG).untilAsserted(() -> assertThat(home.lines("timeline.log"))
                        .as("%s: block H on the old release, H+1 on the new", home.dir)
                        .anyMatch(l -> l.startsWith("block " + h + " ") && l.endsWith(" v0.1.0"))
                        .anyMatch(l -> l.startsWith("block " + (h + 1) + " ") && l.endsWith(" v0.2.0")));
            }
        }
    }

    /** Waits for the node to produce blocks, makes the chain accept v0.2.0 {@code lead} blocks ahead; returns H. */
    static long announceAhead(VisorHome home, long lead) throws Exception {
        await().atMost(LONG).until(() -> home.lastSeenHeight() >= 3);
        long h = home.core.height() + lead;
        home.core.accept("v0.2.0", h);
        return h;
    }
}
