package io.cutover.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.KnownUpgrades;
import io.cutover.agent.cosmos.UpgradeInfoFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "show-upgrade-info", mixinStandardHelpOptions = true, description = {"Prints $DAEMON_HOME/data/upgrade-info.json.",
        "With --known: every upgrade the home knows with its height (applied, batch, scheduled), lowest first."})
public class CosmovisorShowUpgradeInfoCommand implements Callable<Integer> {

    @Option(names = "--known", description = "List every known upgrade with its height instead.")
    boolean known;

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(false);
        if (settings == null) {
            return 1;
        }
        if (known) {
            KnownUpgrades upgrades = KnownUpgrades.read(settings.layout());
            upgrades.describe().forEach(System.out::println);
            upgrades.problems().forEach(p -> System.err.println("cosmovisor show-upgrade-info: " + p));
            return upgrades.problems().isEmpty() ? 0 : 1;
        }
        Path file = settings.layout().upgradeInfoFile();
        UpgradeInfoFile.Content content = UpgradeInfoFile.read(file);
        if (content instanceof UpgradeInfoFile.Present) {
            System.out.println(Files.readString(file).trim());
            return 0;
        }
        if (content instanceof UpgradeInfoFile.Malformed malformed) {
            System.err.println("cosmovisor show-upgrade-info: " + file + " is malformed: " + malformed.reason());
        } else if (content instanceof UpgradeInfoFile.Empty) {
            System.err.println("cosmovisor show-upgrade-info: " + file + " is empty");
        } else {
            System.err.println("cosmovisor show-upgrade-info: no " + file + " (no upgrade is due)");
        }
        return 1;
    }
}
