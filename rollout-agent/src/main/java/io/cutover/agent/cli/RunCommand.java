package io.cutover.agent.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.cutover.agent.home.AgentHome;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.core.config.InvalidConfigException;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the node of the home's current release and rolls it to approved releases.", "SIGTERM stops both."},
        footer = {"%nThe home holds config.toml, state.json, one folder per release and the link current to the one in force "
                + "(rollout-agent init writes a commented config.toml).",
            "While it runs, it serves its status (GET /api/v1/status), health (/q/health) and metrics (/q/metrics) on "
                + "[api] host:port, 127.0.0.1:8090 by default.",
            "%nExit codes:",
            "  0  stopped by SIGTERM",
            "  1  gave up on the node (vega-core source, as Visor does): restarts used up,",
            "     or no usable upgrade status from the core's admin socket for too long",
            "  2  configuration error: the message names the file and the key",
            "%nSee rollout-agent/README.md."})
public class RunCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, description = "The agent's home folder.")
    Path home;

    private final AgentLifecycle lifecycle;

    public RunCommand(AgentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Integer call() throws Exception {
        RunningAgent running;
        try {
            running = lifecycle.start(() -> RunningAgent.start(new AgentHome(home), Clock.systemUTC()));
        } catch (InvalidConfigException e) {
            System.err.println("rollout-agent: cannot start, " + e.getMessage());
            return 2;
        }
        running.agent().ended().thenAccept(Quarkus::asyncExit);
        Quarkus.waitForExit();
        lifecycle.stop();
        return running.agent().ended().getNow(0);
    }
}
