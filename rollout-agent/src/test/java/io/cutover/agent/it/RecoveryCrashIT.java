package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.node.NodeClient;
import io.cutover.proto.v1.Approval;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.cutover.testing.TestFiles;

/**
 * The packaged agent (bin/rollout-agent) is killed with SIGKILL while it restores the checkpoint of
 * a RETURN recovery, then started again: it completes the restore (the data folder holds exactly the
 * checkpoint) and the release before the upgrade goes on past H. A chain of one node.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RecoveryCrashIT {

    /** Node data that is no table file: copied into the checkpoint and copied back by the restore, long enough to be killed in. */
    private static final int PADDING_BYTES = 192 << 20;

    /** Kept in target/tmp: the agents' logs are there to read when the test fails. */
    private final Path dir = TestFiles.directory("recovery-crash");

    @Test
    void anAgentKilledDuringTheRestoreResumesAndCompletesIt(KafkaBroker broker) throws Exception {
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "recovery-crash");
        SimNetwork.Home home = network.home(dir, "validator-1", "[checkpoint]\ndata = \"data\"");
        Files.writeString(home.agentHome.config(), Files.readString(home.agentHome.config())
                .replace("maxNumberOfRestarts = 2", "maxNumberOfRestarts = 0"));
        String sha = home.release("v1.1.0", "v1.1.0", false, true);
        Path state = home.agentHome.state();
        Path data = Files.createDirectories(dir.resolve("data"));
        writePadding(data.resolve("padding.bin"));
        Process agent = startAgent(0);
        try {
            NodeClient node = new NodeClient(AgentConfigParser.read(dir).orThrow().node());
            long h = await().atMost(Duration.ofSeconds(60)).until(() -> node.height().orElse(-1), height -> height >= 2) + 40; // 4 s
            Approval failed = network.approve("v1.1.0", h, sha, 3);
            await().atMost(Duration.ofSeconds(60)).until(() -> text(state).contains("\"phase\" : \"FAILED\"")
                    && StateJson.haltedAtHeightOf(text(state)) == h);
            Files.writeString(data.resolve("written-after-the-checkpoint"), "x");

            RecoveryApprovals.giveBack(network, failed, network.validators.subList(0, 3));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> text(state).contains("\"step\" : \"RESTORING\""));
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(text(state)).as("killed during the restore").contains("\"phase\" : \"RECOVERING\"", "\"step\" : \"RESTORING\"");

            agent = startAgent(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> StateJson.phaseOf(text(state)).equals("RUNNING")
                    && StateJson.lastSeenHeightOf(text(state)) > h);
            assertThat(StateJson.runningReleaseOf(text(state))).isEqualTo("genesis");
            assertThat(data.resolve("written-after-the-checkpoint")).as("the checkpoint is restored").doesNotExist();
            assertThat(data.resolve("padding.bin")).hasSize(PADDING_BYTES);
            assertThat(dir.resolve("data.restoring")).doesNotExist();
            assertThat(dir.resolve("data.replaced")).doesNotExist();
        } finally {
            PackagedAgent.stop(agent);
            network.close();
        }
        PackagedAgent.assertNodeStopped(home.agentHome);
    }

    private static void writePadding(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(5).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < PADDING_BYTES / chunk.length; i++) {
                out.write(chunk);
            }
        }
    }

    private Process startAgent(int n) throws IOException {
        return PackagedAgent.start(dir, n);
    }

    private static String text(Path state) throws IOException {
        return Files.exists(state) ? Files.readString(state) : "";
    }

}
