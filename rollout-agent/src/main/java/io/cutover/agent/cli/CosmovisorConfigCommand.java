package io.cutover.agent.cli;

import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CosmovisorSettingsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Prints the settings in force (variables over config.toml, defaults applied) as config.toml.")
public class CosmovisorConfigCommand implements Callable<Integer> {

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() {
        CosmovisorSettings settings = config.settings(false);
        if (settings == null) {
            return 1;
        }
        System.out.print(CosmovisorSettingsFile.toToml(settings));
        return 0;
    }
}
