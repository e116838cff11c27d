package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import io.cutover.core.config.ConfigResult;
import io.cutover.core.config.TomlReader;

/**
 * config.toml's {@code [checkpoint]} section, with what the upgrade source adds (its data folder,
 * Cosmovisor's backup settings in cosmos mode).
 *
 * @param strategy        {@code strategy}; empty: {@code link} where the data and the checkpoint folder share a
 *                        filesystem, {@code copy} where not
 * @param data            {@code data}: the node's data folder; empty: the source's (cosmos: {@code <DAEMON_HOME>/data},
 *                        vega-core: the state folder of the core's {@code --home}); none known: no checkpoint
 * @param folder          {@code folder}: where checkpoints are kept (default {@code <home>/checkpoints})
 * @param keep            {@code keep}: how many checkpoints are kept, the newest (0: all)
 * @param required        {@code required}: whether the upgrade stops when no checkpoint can be made (disk full);
 *                        false: it goes on without one, with a warning
 * @param allowWithout    the setting that lets the upgrade go on without a checkpoint, as refusals name it
 * @param restoreOnHotFix {@code restoreOnHotFix}: a hot-fix restores the checkpoint before it starts
 * @param keepFreeBytes   {@code keepFreeMiB}: the space a checkpoint must leave free on its filesystem
 * @param naming          how checkpoint folders are named
 */
public record CheckpointSettings(Optional<CheckpointStrategy> strategy, Optional<Path> data, Path folder, int keep, boolean required,
        String allowWithout, boolean restoreOnHotFix, long keepFreeBytes, Naming naming) {

    static final String ALLOW_WITHOUT = "[checkpoint] required = false";

    public static final String FOLDER = "checkpoints";
    public static final int DEFAULT_KEEP = 2;

    /** How a checkpoint's folder is named. */
    public enum Naming {
        /** {@code h<height>-<release>}: one per upgrade. */
        HEIGHT_AND_RELEASE,
        /** {@code data-backup-<Y>-<M>-<D>}: Cosmovisor's backup folder, one per day. */
        COSMOVISOR_DATE
    }

    /** The defaults of a home without a {@code [checkpoint]} section. */
    public static CheckpointSettings defaults(Path home) {
        return new CheckpointSettings(Optional.empty(), Optional.empty(), home.resolve(FOLDER), DEFAULT_KEEP, true, ALLOW_WITHOUT, false,
                0, Naming.HEIGHT_AND_RELEASE);
    }

    /** The source's data folder, unless {@code [checkpoint] data} names one. */
    public CheckpointSettings withDefaultData(Path dataFolder) {
        return data.isPresent() ? this : new CheckpointSettings(strategy, Optional.of(dataFolder), folder, keep, required, allowWithout,
                restoreOnHotFix, keepFreeBytes, naming);
    }

    /**
     * Cosmovisor's backup settings: UNSAFE_SKIP_BACKUP (no checkpoint), DAEMON_DATA_BACKUP_DIR (where they
     * go), CUTOVER_BACKUP_KEEP_FREE and CUTOVER_UPGRADE_WITHOUT_BACKUP; with {@code asCosmovisor} (the
     * {@code cosmovisor run} drop-in) Cosmovisor's backup itself: a full copy named by the day, every one kept.
     */
    public CheckpointSettings cosmovisorBackup(boolean unsafeSkipBackup, Path backupFolder, long keepFree, boolean withoutBackup,
            boolean asCosmovisor) {
        Optional<CheckpointStrategy> s = unsafeSkipBackup ? Optional.of(CheckpointStrategy.NONE)
                : asCosmovisor ? Optional.of(CheckpointStrategy.COPY) : strategy;
        return new CheckpointSettings(s, data, backupFolder, asCosmovisor ? 0 : keep, required && !withoutBackup,
                "CUTOVER_UPGRADE_WITHOUT_BACKUP=true", restoreOnHotFix, Math.max(keepFree, keepFreeBytes),
                asCosmovisor ? Naming.COSMOVISOR_DATE : naming);
    }

    /** Reads {@code <home>/config.toml}; defaults when there is none. */
    public static ConfigResult<CheckpointSettings> read(Path home) {
        Path file = home.resolve("config.toml");
        if (!Files.isRegularFile(file)) {
            return new ConfigResult.Valid<>(defaults(home));
        }
        try {
            TomlParseResult parsed = Toml.parse(Files.readString(file));
            TomlReader r = new TomlReader(parsed);
            CheckpointSettings settings = parse(r, parsed, home);
            return r.problems().isEmpty() ? new ConfigResult.Valid<>(settings) : new ConfigResult.Invalid<>(file.toString(), r.problems());
        } catch (IOException e) {
            return new ConfigResult.Invalid<>(file.toString(), java.util.List.of(new io.cutover.core.config.ConfigProblem("config.toml",
                    e.toString())));
        }
    }

    /** The {@code [checkpoint]} section; problems go to {@code r} under their key. Relative paths are the home's. */
    public static CheckpointSettings parse(TomlReader r, TomlParseResult parsed, Path home) {
        TomlTable t = r.table(parsed, "checkpoint", "checkpoint");
        Optional<CheckpointStrategy> strategy = r.string(t, "strategy", "checkpoint.strategy").flatMap(value -> {
            for (CheckpointStrategy s : CheckpointStrategy.values()) {
                if (s.key().equals(value)) {
                    return Optional.of(s);
                }
            }
            r.problem("checkpoint.strategy", "must be one of \"link\", \"reflink\", \"copy\", \"none\", found \"" + value + "\"");
            return Optional.empty();
        });
        Optional<Path> data = r.string(t, "data", "checkpoint.data").map(home::resolve).map(Path::normalize);
        Path folder = home.resolve(r.string(t, "folder", "checkpoint.folder", FOLDER)).normalize();
        if (data.isPresent() && (folder.startsWith(data.get()) || data.get().startsWith(folder))) {
            r.problem("checkpoint.folder", "must lie outside the data folder " + data.get() + " (and not contain it), found " + folder);
        }
        int keep = (int) r.integer(t, "keep", "checkpoint.keep", DEFAULT_KEEP, 0);
        boolean required = r.bool(t, "required", "checkpoint.required", true);
        boolean restoreOnHotFix = r.bool(t, "restoreOnHotFix", "checkpoint.restoreOnHotFix", false);
        long keepFree = r.integer(t, "keepFreeMiB", "checkpoint.keepFreeMiB", 0, 0) << 20;
        return new CheckpointSettings(strategy, data, folder, keep, required, ALLOW_WITHOUT, restoreOnHotFix, keepFree,
                Naming.HEIGHT_AND_RELEASE);
    }
}
