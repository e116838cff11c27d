package io.cutover.agent.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.UpgradeBinaries;
import io.cutover.agent.cosmos.UpgradePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "add-upgrade", mixinStandardHelpOptions = true,
        description = "Copies <path> to upgrades/<name>/bin/$DAEMON_NAME; with --upgrade-height also writes data/upgrade-info.json.")
public class CosmovisorAddUpgradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<upgrade name>")
    String name;

    @Parameters(index = "1", paramLabel = "<path to executable>")
    Path executable;

    @Option(names = "--force", description = "Overwrite an existing binary.")
    boolean force;

    @Option(names = "--upgrade-height", description = "Also schedule the upgrade at this height in data/upgrade-info.json"
            + " (a governance plan overwrites it).")
    Long height;

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(true);
        if (settings == null) {
            return 1;
        }
        UpgradeBinaries binaries = new UpgradeBinaries(settings.layout());
        UpgradePlan plan = binaries.plan(name, height == null ? 1 : height);
        if (plan.problem() != null) {
            System.err.println("cosmovisor add-upgrade: " + plan.problem());
            return 1;
        }
        try {
            System.out.println("Using " + executable + " for " + name + " upgrade: " + binaries.install(name, executable, force));
            if (height != null) {
                System.out.println("Scheduled upgrade " + plan.name() + " at height " + height + " in " + binaries.schedule(plan));
            }
        } catch (IOException e) {
            System.err.println("cosmovisor add-upgrade: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
