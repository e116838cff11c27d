package io.cutover.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CosmovisorSettingsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints the settings in force (variables over config.toml, defaults applied) as config.toml.")
public class CosmovisorConfigCommand implements Callable<Integer> {

    @Option(names = {"-c", "--cosmovisor-config"}, description = "A config.toml to read settings from.")
    Path config;

    @Override
    public Integer call() {
        CosmovisorSettings settings = CosmovisorCommand.settings(config, false);
        if (settings == null) {
            return 1;
        }
        System.out.print(CosmovisorSettingsFile.toToml(settings));
        return 0;
    }
}
