package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * What {@code add-upgrade} and {@code add-batch-upgrade} write: the binary as
 * {@code upgrades/<name>/bin/$DAEMON_NAME} (executable), and the scheduled plans as
 * {@code data/upgrade-info.json} or {@code data/upgrade-info.json.batch}, each written whole.
 */
public final class UpgradeBinaries {

    private final CosmovisorLayout layout;

    public UpgradeBinaries(CosmovisorLayout layout) {
        this.layout = layout;
    }

    /** Copies {@code executable} into place; an existing binary only with {@code force}. */
    public Path install(String name, Path executable, boolean force) throws IOException {
        if (!Files.isRegularFile(executable)) {
            throw new IOException(executable + " is not a file");
        }
        Path bin = layout.binary(layout.releaseOf(name));
        if (Files.exists(bin) && !force) {
            throw new IOException(bin + " already exists (use --force to overwrite)");
        }
        Files.createDirectories(bin.getParent());
        Files.copy(executable, bin, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    /** The plan as the node would name it (lower-cased unless COSMOVISOR_DISABLE_RECASE). */
    public UpgradePlan plan(String name, long height) {
        return new UpgradePlan(layout.disableRecase() ? name : name.toLowerCase(Locale.ROOT), height, "");
    }

    public Path schedule(UpgradePlan plan) throws IOException {
        return write(layout.upgradeInfoFile(), plan.toJson());
    }

    public Path scheduleBatch(List<UpgradePlan> plans) throws IOException {
        return write(layout.dataDir().resolve(KnownUpgrades.BATCH),
                "[" + String.join(",", plans.stream().map(UpgradePlan::toJson).toList()) + "]");
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }
}
