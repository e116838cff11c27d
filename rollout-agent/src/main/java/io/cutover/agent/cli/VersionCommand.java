package io.cutover.agent.cli;

import java.util.concurrent.Callable;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Prints the agent's version.")
public class VersionCommand implements Callable<Integer> {

    @Option(names = "--output", description = "text or json", defaultValue = "text")
    String output;

    private final String version;

    public VersionCommand(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
    }

    @Override
    public Integer call() {
        System.out.println(output.equals("json") ? "{\"version\":\"" + version + "\"}" : "rollout-agent " + version);
        return 0;
    }
}
