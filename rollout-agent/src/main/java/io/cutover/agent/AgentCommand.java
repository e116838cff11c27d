package io.cutover.agent;

import io.cutover.agent.cli.CosmovisorCommand;
import io.cutover.agent.cli.InitCommand;
import io.cutover.agent.cli.RunCommand;
import io.cutover.agent.cli.StatusCommand;
import io.cutover.agent.cli.VersionCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "rollout-agent", mixinStandardHelpOptions = true,
        subcommands = {CosmovisorCommand.class, InitCommand.class, RunCommand.class, StatusCommand.class, VersionCommand.class},
        description = "Supervises a validator node and switches it to approved releases at their height.")
public class AgentCommand {
}
