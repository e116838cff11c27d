package io.cutover.agent.cli;

import java.nio.file.Path;

import io.cutover.agent.cosmos.CosmovisorSettings;
import picocli.CommandLine.Option;

/** {@code -c/--cosmovisor-config}: the config.toml a {@code cosmovisor} sub-command reads, and the settings it gives. */
public class CosmovisorConfigOption {

    @Option(names = {"-c", "--cosmovisor-config"}, description = "A config.toml to read settings from.")
    Path config;

    /** The settings, or null after printing every problem to stderr. */
    CosmovisorSettings settings(boolean requireHome) {
        return CosmovisorCommand.settings(config, requireHome);
    }
}
