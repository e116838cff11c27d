package io.cutover.agent.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cutover.agent.home.AgentHome;
import io.cutover.agent.vega.StandInCore;

/**
 * A Visor home whose releases are the stand-in Vega core (deploy/sim-node): genesis = v0.1.0 with a
 * data node, config.toml in Visor's format plus {@code [upgrade] source = "vega-core"}, and the
 * packaged agent ({@code bin/rollout-agent run --home}) started and SIGKILLed as a real process.
 */
final class VisorHome {


    final Path dir;
    final AgentHome agentHome;
    final StandInCore core;
    private int runs;

    /** @param extraConfig more config.toml (a [kafka] section, [autoInstall] keys...) */
    VisorHome(Path dir, String extraConfig) throws IOException {
        this.dir = dir;
        this.agentHome = new AgentHome(dir);
        this.core = new StandInCore(dir.resolve("core-data"), dir.resolve("vega.sock"));
        Files.writeString(dir.resolve("config.toml"), """
                maxNumberOfFirstConnectionRetries = 175000
                maxNumberOfRestartConnectionRetries = 10
                maxNumberOfRestarts = 2
                restartsDelaySeconds = 0
                stopDelaySeconds = 0
                stopSignalTimeoutSeconds = 5

                [upgradeFolders]

                [upgrade]
                  source = "vega-core"
                  pollIntervalMillis = 50

                [node]
                  statusUrl = "http://127.0.0.1:%d/status"
                  pollIntervalMillis = 20
                  startTimeoutSeconds = 30

                [api]
                  port = 0
                %s
                """.formatted(core.port, extraConfig));
        release("genesis", "v0.1.0");
    }

    /** Release folder {@code folder} holding the stand-in core of release {@code reports} (its version --output json). */
    Path release(String folder, String reports) throws IOException {
        Path release = Files.createDirectories(dir.resolve(folder));
        StandInCore.launcher(reports, release.resolve("vega"));
        Files.writeString(release.resolve("run-config.toml"), runConfig(folder));
        return release.resolve("vega");
    }

    /** Visor's run-config of a release: the core, its admin socket, and the data node (same binary). */
    String runConfig(String name) {
        String args = String.join(", ", core.startArgs("100ms").stream().map(a -> "\"" + a + "\"").toList());
        return """
                name = "%s"

                [vega.binary]
                  path = "vega"
                  args = [%s]

                [vega.rpc]
                  socketPath = "%s"
                  httpPath = "/rpc"

                [data_node.binary]
                  path = "vega"
                  args = ["datanode", "start", "--home", "%s"]
                """.formatted(name, args, core.socket, core.home);
    }

    Process startAgent() throws IOException {
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        return new ProcessBuilder(launcher.toString(), "run", "--home", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + runs++ + ".log").toFile()).start();
    }

    /** What the agent's {@code run}-th start (0 first) logged so far. */
    String agentLog(int run) throws IOException {
        Path log = dir.resolve("agent-" + run + ".log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static void stop(Process agent) throws InterruptedException {
        agent.destroy();
        if (!agent.waitFor(30, TimeUnit.SECONDS)) {
            agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String state() throws IOException {
        return Files.exists(agentHome.state()) ? Files.readString(agentHome.state()) : "";
    }

    String phase() throws IOException {
        return StateJson.phaseOf(state());
    }

    String lastError() throws IOException {
        return StateJson.lastErrorOf(state());
    }

    long lastSeenHeight() throws IOException {
        return StateJson.lastSeenHeightOf(state());
    }

    /** The epoch millis of the core's timeline line starting with {@code prefix} ("ready 42", "block 43"), or -1. */
    long timeline(String prefix) throws IOException {
        for (String line : lines("timeline.log")) {
            if (line.startsWith(prefix + " ")) {
                return Long.parseLong(line.substring(prefix.length() + 1).split(" ")[0]);
            }
        }
        return -1;
    }

    /** The lines of a file of the core's home (starts.log: how each release was started). */
    List<String> lines(String file) throws IOException {
        Path path = core.home.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path) : List.of();
    }

    List<String> children() throws IOException {
        Path pids = dir.resolve(".cutover/children.pids");
        return Files.exists(pids) ? Files.readAllLines(pids) : List.of();
    }
}
