package io.cutover.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorLayout;
import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.UpgradePlan;
import picocli.CommandLine.Command;
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

    @Option(names = {"-c", "--cosmovisor-config"}, description = "A config.toml to read settings from.")
    Path config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = CosmovisorCommand.settings(config, true);
        if (settings == null) {
            return 1;
        }
        if (!Files.isRegularFile(executable)) {
            System.err.println("cosmovisor add-upgrade: " + executable + " is not a file");
            return 1;
        }
        UpgradePlan plan = new UpgradePlan(name, height == null ? 1 : height, "");
        if (plan.problem() != null) {
            System.err.println("cosmovisor add-upgrade: " + plan.problem());
            return 1;
        }
        CosmovisorLayout layout = settings.layout();
        Path bin = layout.binary(layout.releaseOf(name));
        if (Files.exists(bin) && !force) {
            System.err.println("cosmovisor add-upgrade: " + bin + " already exists (use --force to overwrite)");
            return 1;
        }
        Files.createDirectories(bin.getParent());
        Files.copy(executable, bin, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.println("Using " + executable + " for " + name + " upgrade: " + bin);
        if (height != null) {
            Path info = layout.upgradeInfoFile();
            Files.createDirectories(info.getParent());
            UpgradePlan scheduled = new UpgradePlan(settings.disableRecase() ? name : name.toLowerCase(java.util.Locale.ROOT), height, "");
            Path temp = info.resolveSibling(info.getFileName() + ".tmp");
            Files.writeString(temp, scheduled.toJson());
            Files.move(temp, info, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("Scheduled upgrade " + scheduled.name() + " at height " + height + " in " + info);
        }
        return 0;
    }
}
