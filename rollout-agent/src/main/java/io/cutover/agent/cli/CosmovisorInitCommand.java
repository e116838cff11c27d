package io.cutover.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

import io.cutover.agent.cosmos.CosmovisorLayout;
import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CosmovisorSettingsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Creates $DAEMON_HOME/cosmovisor: genesis/bin/$DAEMON_NAME (a copy of <path>), current -> genesis and config.toml.")
public class CosmovisorInitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<path to executable>")
    Path executable;

    @Mixin
    CosmovisorConfigOption config;

    @Override
    public Integer call() throws Exception {
        CosmovisorSettings settings = config.settings(false);
        if (settings == null) {
            return 1;
        }
        if (!Files.isRegularFile(executable)) {
            System.err.println("cosmovisor init: " + executable + " is not a file");
            return 1;
        }
        CosmovisorLayout layout = settings.layout();
        Path bin = layout.binary(CosmovisorLayout.GENESIS);
        Files.createDirectories(bin.getParent());
        if (Files.exists(bin)) {
            System.out.println(bin + " already exists: kept");
        } else {
            Files.copy(executable, bin, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
            System.out.println("copied " + executable + " to " + bin);
        }
        layout.ensureCurrent();
        Path toml = layout.root().resolve("config.toml");
        if (Files.exists(toml)) {
            System.out.println(toml + " already exists: kept");
        } else {
            Files.writeString(toml, CosmovisorSettingsFile.toToml(settings));
            System.out.println("wrote " + toml);
        }
        System.out.println("cosmovisor home ready: rollout-agent cosmovisor run start --home " + settings.daemonHome());
        return 0;
    }
}
