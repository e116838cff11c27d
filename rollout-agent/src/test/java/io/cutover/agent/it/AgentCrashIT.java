package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The packaged agent (bin/rollout-agent) is killed with SIGKILL while in a phase, then started
 * again: it must resume from state.json and finish the upgrade at exactly the approved height.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AgentCrashIT {

    private static KafkaBroker broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void useBroker(KafkaBroker shared) {
        broker = shared;
    }

    @ParameterizedTest
    @ValueSource(strings = {"READY", "HALTING", "STARTING"})
    void resumesAndFinishesAfterSigkillIn(String phase) throws Exception {
        SimNetwork network = new SimNetwork(broker.bootstrapServers(), "crash-" + phase.toLowerCase());
        SimNetwork.Home home = network.home(dir, "validator-1", "");
        String sha = home.release("v1.1.0", "v1.1.0", false);
        Path state = home.agentHome.state();
        Process agent = startAgent(0);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> lastSeenHeight(state) >= 2);
            long h = lastSeenHeight(state) + 50; // 5 s at 100 ms blocks: room for the approval on a busy machine
            network.approve("v1.1.0", h, sha, 3);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> phaseOf(state).equals(phase)
                    || phaseOf(state).equals("RUNNING") && Files.readString(state).contains("\"lastCompleted\" : \"v1.1.0"));
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            String killedIn = phaseOf(state);

            agent = startAgent(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> phaseOf(state).equals("RUNNING")
                    && Files.readString(state).contains("\"runningRelease\" : \"v1.1.0\""));
            String finalState = Files.readString(state);
            assertThat(finalState).as("killed in %s", killedIn).contains("\"haltedAtHeight\" : " + h);
            assertThat(home.agentHome.currentRelease()).isEqualTo("v1.1.0");
        } finally {
            PackagedAgent.stop(agent);
            network.close();
        }
        PackagedAgent.assertNodeStopped(home.agentHome);
    }

    private Process startAgent(int n) throws IOException {
        return PackagedAgent.start(dir, n);
    }

    private static String phaseOf(Path state) throws IOException {
        if (!Files.exists(state)) {
            return "";
        }
        return StateJson.phaseOf(Files.readString(state));
    }

    private static long lastSeenHeight(Path state) throws IOException {
        if (!Files.exists(state)) {
            return 0;
        }
        return StateJson.lastSeenHeightOf(Files.readString(state));
    }
}
