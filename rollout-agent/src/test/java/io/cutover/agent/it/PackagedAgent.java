package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.cutover.agent.home.AgentHome;

/** The packaged agent (bin/rollout-agent) as a real process on a home, its output in {@code agent-<n>.log} there. */
final class PackagedAgent {

    private PackagedAgent() {
    }

    static Process start(Path home, int n) throws IOException {
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        return new ProcessBuilder(launcher.toString(), "run", "--home", home.toString())
                .redirectErrorStream(true).redirectOutput(home.resolve("agent-" + n + ".log").toFile()).start();
    }

    /** SIGTERM, which must stop the agent within 30 s. */
    static void stop(Process agent) throws InterruptedException {
        agent.destroy();
        assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM stops the agent").isTrue();
    }

    /** The agent stopped by SIGTERM left no node running. */
    static void assertNodeStopped(AgentHome home) throws IOException {
        assertThat(Files.readAllLines(home.root().resolve(".cutover/children.pids"))).as("SIGTERM to the agent stopped its node").isEmpty();
    }
}
