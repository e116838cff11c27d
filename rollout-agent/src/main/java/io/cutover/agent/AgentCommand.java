package io.cutover.agent;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "rollout-agent", mixinStandardHelpOptions = true,
        description = "Supervises a validator node and switches it to approved releases at their height.")
public class AgentCommand {
}
