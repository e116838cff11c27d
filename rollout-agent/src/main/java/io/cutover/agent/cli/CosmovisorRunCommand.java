package io.cutover.agent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorRunner;
import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.runtime.RunningAgent;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

@Command(name = "run", description = {"Runs $DAEMON_HOME/cosmovisor/current/bin/$DAEMON_NAME with the given arguments, stages "
        + "each upgrade plan's binary before its height and switches at it.", "SIGTERM stops both.",
        "Exits as Cosmovisor does: 0 when the node exits 0, non-zero when it is down for good."})
public class CosmovisorRunCommand implements Callable<Integer> {

    @Option(names = "--cosmovisor-config", description = "A config.toml instead of $DAEMON_HOME/cosmovisor/config.toml.")
    Path config;

    @Unmatched
    List<String> nodeArgs = new ArrayList<>();

    private final AgentLifecycle lifecycle;

    public CosmovisorRunCommand(AgentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = CosmovisorCommand.settings(config, true);
        if (settings == null) {
            return 1;
        }
        if (settings.disableLogs()) {
            // the agent's own log only: the node's output is its own stdout and stderr, which pass through
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.OFF);
        }
        RunningAgent running;
        try {
            running = lifecycle.start(() -> CosmovisorRunner.start(settings, nodeArgs, Clock.systemUTC()));
        } catch (IOException e) {
            System.err.println("cosmovisor: cannot start: " + e.getMessage());
            return 1;
        }
        // the agent ends with its node (or with a SIGTERM, which Quarkus turns into its exit)
        running.agent().ended().thenAccept(code -> Quarkus.asyncExit(code));
        Quarkus.waitForExit();
        lifecycle.stop();
        return running.agent().ended().getNow(0);
    }
}
