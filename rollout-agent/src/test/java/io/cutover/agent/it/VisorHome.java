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
 * As a host of an {@link AgentChain} its core joins the chain and runs without a data node (one
 * process less per validator; the data node's part in the halt is the single-core tests' subject).
 */
final class VisorHome implements AgentChain.Host {

    final Path dir;
    final AgentHome agentHome;
    final StandInCore core;
    private final List<String> chainArgs;
    private final boolean dataNode;
    private int runs;
    private Process agent;

    /** @param extraConfig more config.toml (a [kafka] section, [autoInstall] keys...) */
    VisorHome(Path dir, String extraConfig) throws IOException {
        this(dir, new StandInCore(dir.resolve("core-data"), dir.resolve("vega.sock")), List.of(), true, extraConfig);
    }

    /** The home of {@code member} of an {@link AgentChain}: the core serves its status on the member's port and joins the chain. */
    VisorHome(Path dir, AgentChain.Member member, String extraConfig) throws IOException {
        this(dir, new StandInCore(dir.resolve("core-data"), dir.resolve("vega.sock"), member.port()), member.chainArgs(), false,
                extraConfig);
    }

    private VisorHome(Path dir, StandInCore core, List<String> chainArgs, boolean dataNode, String extraConfig) throws IOException {
        this.dir = dir;
        this.agentHome = new AgentHome(dir);
        this.core = core;
        this.chainArgs = chainArgs;
        this.dataNode = dataNode;
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
        return release(folder, reports, false);
    }

    /** The same; {@code panicPastStart}: a release that starts at H and panics instead of making block H+1. */
    Path release(String folder, String reports, boolean panicPastStart) throws IOException {
        Path release = Files.createDirectories(dir.resolve(folder));
        if (panicPastStart) {
            StandInCore.panickingLauncher(reports, release.resolve("vega"));
        } else {
            StandInCore.launcher(reports, release.resolve("vega"));
        }
        Files.writeString(release.resolve("run-config.toml"), runConfig(folder));
        return release.resolve("vega");
    }

    /** Visor's run-config of a release: the core, its admin socket, and the data node (same binary). */
    String runConfig(String name) {
        List<String> start = new java.util.ArrayList<>(core.startArgs("100ms"));
        start.addAll(chainArgs);
        String args = String.join(", ", start.stream().map(a -> "\"" + a + "\"").toList());
        return """
                name = "%s"

                [vega.binary]
                  path = "vega"
                  args = [%s]

                [vega.rpc]
                  socketPath = "%s"
                  httpPath = "/rpc"
                """.formatted(name, args, core.socket) + (!dataNode ? "" : """

                [data_node.binary]
                  path = "vega"
                  args = ["datanode", "start", "--home", "%s"]
                """.formatted(core.home));
    }

    /** Starts the packaged agent; {@link #close()} stops the one started last. */
    Process startAgent() throws IOException {
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        agent = new ProcessBuilder(launcher.toString(), "run", "--home", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + runs++ + ".log").toFile()).start();
        return agent;
    }

    /** SIGTERM to the agent started last, which stops its core. */
    @Override
    public void close() throws InterruptedException {
        if (agent != null) {
            stop(agent);
        }
    }

    /** The core's committed height (its height file: its /status stops answering at H). */
    @Override
    public long nodeHeight() {
        return core.height();
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

    @Override
    public String stateText() throws IOException {
        return Files.exists(agentHome.state()) ? Files.readString(agentHome.state()) : "";
    }

    String phase() throws IOException {
        return StateJson.phaseOf(stateText());
    }

    String lastError() throws IOException {
        return StateJson.lastErrorOf(stateText());
    }

    long lastSeenHeight() throws IOException {
        return StateJson.lastSeenHeightOf(stateText());
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
