package io.cutover.agent.cli;

import java.nio.file.Path;
import java.util.Optional;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CosmovisorSettingsReader;
import io.cutover.core.config.ConfigResult;
import picocli.CommandLine.Command;

/** {@code rollout-agent cosmovisor ...}: Cosmovisor's command line, on Cosmovisor's home and variables. */
@Command(name = "cosmovisor", mixinStandardHelpOptions = true,
        subcommands = {CosmovisorRunCommand.class, CosmovisorInitCommand.class, CosmovisorVersionCommand.class,
                CosmovisorAddUpgradeCommand.class, CosmovisorAddBatchUpgradeCommand.class, CosmovisorShowUpgradeInfoCommand.class, CosmovisorPrepareUpgradeCommand.class,
                CosmovisorConfigCommand.class},
        description = {"A drop-in for Cosmovisor: the same sub-commands, DAEMON_* and COSMOVISOR_* variables and "
                + "$DAEMON_HOME/cosmovisor layout, with each upgrade's binary staged before its height.",
                "See \"Replacing Cosmovisor\" in rollout-agent/README.md."})
public class CosmovisorCommand {

    /** The settings from the environment (and config.toml), or null after printing every problem to stderr. */
    static CosmovisorSettings settings(Path configFile, boolean requireHome) {
        ConfigResult<CosmovisorSettings> read = CosmovisorSettingsReader.read(System.getenv(), Optional.ofNullable(configFile), requireHome);
        if (read instanceof ConfigResult.Invalid<CosmovisorSettings> invalid) {
            System.err.println("cosmovisor: " + invalid.describe());
            return null;
        }
        return ((ConfigResult.Valid<CosmovisorSettings>) read).value();
    }
}
