package io.cutover.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.HomeInitializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Writes a commented config.toml, genesis/run-config.toml and the current link into a new home.")
public class InitCommand implements Callable<Integer> {

    @Option(names = "--home", required = true, description = "The agent's home folder.")
    Path home;

    @Option(names = "--source", defaultValue = "cutover",
            description = "The upgrade source the home is written for: cutover (the default), vega-core or cosmos. "
                    + "Besides cutover, the home runs without network.toml and Kafka.")
    String source;

    @Option(names = "--with-data-node", description = "Starts a data node beside the node, as visor init --with-data-node writes it.")
    boolean withDataNode;

    @Override
    public Integer call() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        try {
            HomeInitializer.init(agentHome, sourceNamed(source), withDataNode);
        } catch (IllegalArgumentException e) {
            System.err.println("rollout-agent init: " + e.getMessage());
            return 2;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            System.err.println("rollout-agent init: " + e.getReason() + " (" + e.getFile() + ")");
            return 1;
        }
        System.out.println("Initialised " + agentHome.root() + ": edit config.toml and genesis/run-config.toml, then run:");
        System.out.println("  rollout-agent run --home " + agentHome.root());
        return 0;
    }

    private static AgentConfig.Source sourceNamed(String name) {
        return java.util.Arrays.stream(AgentConfig.Source.values()).filter(s -> s.key().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--source must be cutover, vega-core or cosmos, not " + name));
    }
}
