package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.jboss.logging.Logger;

/**
 * Takes a checkpoint of a stopped node's data folder. The size is measured and compared with the
 * free space first: a checkpoint that would leave less than {@code keepFreeBytes} free is refused
 * before a byte is written. It is written to a temporary folder renamed at the end, so a finished
 * checkpoint is always whole and a repeated step (an agent restarted at the switch) reuses it. The
 * newest {@code keep} checkpoints are kept, older ones deleted.
 */
public final class Checkpointer {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class);
    static final String IN_PROGRESS = ".checkpoint-in-progress";

    /** The outcome of one checkpoint. */
    public sealed interface Outcome {
    }

    public record Taken(CheckpointRecord record) implements Outcome {
    }

    /** No checkpoint is configured or possible (strategy none, no data folder); nothing was written. */
    public record Skipped(String why) implements Outcome {
    }

    /** Not enough room: nothing was written. */
    public record Refused(String reason) implements Outcome {
    }

    public record Failed(String reason) implements Outcome {
    }

    private final CheckpointSettings settings;
    private final CheckpointLedger ledger;
    private final Clock clock;
    private final ToLongFunction<Path> usableSpace;
    private final ProgressReport progress;

    public Checkpointer(CheckpointSettings settings, CheckpointLedger ledger, Clock clock, ProgressReport progress) {
        this(settings, ledger, clock, Checkpointer::usableSpaceOf, progress);
    }

    Checkpointer(CheckpointSettings settings, CheckpointLedger ledger, Clock clock, ToLongFunction<Path> usableSpace,
            ProgressReport progress) {
        this.settings = settings;
        this.ledger = ledger;
        this.clock = clock;
        this.usableSpace = usableSpace;
        this.progress = progress;
    }

    public CheckpointSettings settings() {
        return settings;
    }

    /** Checkpoints the data folder as it is at {@code height}, produced by {@code release}. */
    public Outcome take(long height, String release) {
        if (settings.strategy().orElse(null) == CheckpointStrategy.NONE) {
            return new Skipped("[checkpoint] strategy is \"none\"");
        }
        if (settings.data().isEmpty()) {
            return new Skipped("no data folder is known ([checkpoint] data)");
        }
        Path data = settings.data().get();
        if (!Files.isDirectory(data)) {
            return new Skipped("the data folder " + data + " does not exist");
        }
        Path target = settings.folder().resolve(name(height, release));
        try {
            Files.createDirectories(settings.folder());
            if (Files.isDirectory(target)) {
                Optional<CheckpointRecord> recorded = ledger.checkpoints().stream().filter(c -> c.folder().equals(target.toString()))
                        .findFirst();
                boolean byDate = settings.naming() == CheckpointSettings.Naming.COSMOVISOR_DATE;
                if (recorded.isPresent() && recorded.get().height() == height) {
                    return new Taken(recorded.get());
                }
                if (!byDate) {
                    CheckpointRecord found = record(target, height, release, settings.strategy().orElse(CheckpointStrategy.COPY).key(),
                            TreeCopy.sizeOf(target), 0, 0, 0); // finished before the agent could record it
                    remember(found);
                    return new Taken(found);
                }
                // named by the day, it holds another upgrade's data (or one not recorded): replaced whole, where
                // Cosmovisor copies over it and leaves the first data's extra files beside the second's
                LOG.infof("replacing %s (%s) with the backup at height %d: backups are named by the day", target,
                        recorded.map(c -> "the backup at height " + c.height()).orElse("not recorded by this agent"), height);
                TreeCopy.deleteTree(target);
            }
            CheckpointStrategy strategy = strategyFor(data);
            TreeCopy.Size size = TreeCopy.sizeOf(data);
            long needed = size.bytesToWrite(strategy);
            long free = usableSpace.applyAsLong(settings.folder());
            if (needed + settings.keepFreeBytes() > free) {
                return new Refused("a " + strategy.key() + " checkpoint of " + data + " needs " + mib(needed) + " MiB and must leave "
                        + mib(settings.keepFreeBytes()) + " MiB free, but " + settings.folder() + " has only " + mib(free) + " MiB free");
            }
            Path temp = settings.folder().resolve(IN_PROGRESS);
            TreeCopy.deleteTree(temp);
            long started = System.nanoTime();
            LOG.infof("checkpoint of %s (%d files, %d MiB, %d MiB in table files) at height %d: %s into %s", data, size.files(),
                    mib(size.bytes()), mib(size.tableBytes()), height, strategy.key(), target);
            TreeCopy.Copied copied = copy(data, temp, strategy, size);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            String used = copied.linkedFiles() == 0 && strategy != CheckpointStrategy.COPY && size.tableFiles() > 0 ? "copy" : strategy.key();
            CheckpointRecord taken = record(target, height, release, used, size, copied.linkedFiles(), copied.copiedBytes(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            remember(taken);
            return new Taken(taken);
        } catch (IOException | RuntimeException e) {
            return new Failed("checkpoint of " + data + " to " + target + " failed: " + e);
        }
    }

    /** The configured strategy; unset: link where the data and the checkpoint folder share a filesystem, copy where not. */
    private CheckpointStrategy strategyFor(Path data) throws IOException {
        boolean oneFilesystem = Files.getFileStore(data).equals(Files.getFileStore(settings.folder()));
        CheckpointStrategy configured = settings.strategy().orElse(oneFilesystem ? CheckpointStrategy.LINK : CheckpointStrategy.COPY);
        if (configured == CheckpointStrategy.LINK && !oneFilesystem) {
            LOG.warnf("[checkpoint] strategy is \"link\" but %s and %s lie on different filesystems: a full copy is made", data,
                    settings.folder());
            return CheckpointStrategy.COPY;
        }
        return configured;
    }

    private TreeCopy.Copied copy(Path data, Path temp, CheckpointStrategy strategy, TreeCopy.Size size) throws IOException {
        if (strategy == CheckpointStrategy.REFLINK) {
            if (Reflink.cloneTree(data, temp)) {
                return new TreeCopy.Copied(size.files(), size.bytes(), size.files(), 0);
            }
            LOG.infof("the filesystem of %s offers no copy-on-write clone: a full copy is made", settings.folder());
            TreeCopy.deleteTree(temp);
        }
        ProgressReport.Tracker tracker = progress.track("checkpoint of " + data);
        try {
            return TreeCopy.copy(data, temp, strategy == CheckpointStrategy.LINK, size.bytes(), tracker);
        } finally {
            tracker.finished();
        }
    }

    private CheckpointRecord record(Path target, long height, String release, String strategy, TreeCopy.Size size, long linked,
            long copiedBytes, long millis) {
        return new CheckpointRecord(target.toString(), height, release, strategy, size.files(), size.bytes(), linked, copiedBytes, millis,
                Instant.now(clock));
    }

    /** Records the checkpoint and deletes the oldest beyond {@code keep}. */
    private void remember(CheckpointRecord taken) throws IOException {
        List<CheckpointRecord> all = new ArrayList<>(ledger.checkpoints().stream().filter(c -> !c.folder().equals(taken.folder())).toList());
        all.add(taken);
        all.sort(Comparator.comparing(CheckpointRecord::takenAt));
        while (settings.keep() > 0 && all.size() > settings.keep()) {
            CheckpointRecord old = all.remove(0);
            LOG.infof("deleting checkpoint %s (height %d): [checkpoint] keep = %d", old.folder(), old.height(), settings.keep());
            TreeCopy.deleteTree(Path.of(old.folder()));
        }
        ledger.record(all);
    }

    private String name(long height, String release) {
        if (settings.naming() == CheckpointSettings.Naming.COSMOVISOR_DATE) {
            LocalDate today = LocalDate.now(clock);
            return "data-backup-" + today.getYear() + "-" + today.getMonthValue() + "-" + today.getDayOfMonth();
        }
        return "h" + height + "-" + release.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static long usableSpaceOf(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
