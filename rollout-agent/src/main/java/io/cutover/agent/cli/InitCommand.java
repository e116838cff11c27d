package io.cutover.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.HomeInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Writes a commented config.toml, genesis/run-config.toml and the current link into a new home.")
public class InitCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, description = "The agent's home folder.")
    Path home;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        try {
            HomeInitializer.init(agentHome);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            System.err.println("rollout-agent init: " + e.getReason() + " (" + e.getFile() + ")");
            return 1;
        }
        System.out.println("Initialised " + agentHome.root() + ": edit config.toml and genesis/run-config.toml, then run:");
        System.out.println("  rollout-agent run --home " + agentHome.root());
        return 0;
    }
}
