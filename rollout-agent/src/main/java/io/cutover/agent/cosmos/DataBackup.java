package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Cosmovisor's data backup ({@code $DAEMON_HOME/data} copied to
 * {@code $DAEMON_DATA_BACKUP_DIR/data-backup-<Y>-<M>-<D>}), with what Cosmovisor lacks: the size
 * of the data is compared with the free space first, and a backup that would leave less than the
 * reserve free is refused before a byte is written. The copy goes to a temporary folder renamed
 * at the end, so a finished backup is always whole and a repeated step reuses it.
 */
public final class DataBackup {

    /** The outcome of one backup. */
    public sealed interface Outcome {
    }

    public record Done(Path folder, long bytes) implements Outcome {
    }

    /** Not enough room: nothing was written. */
    public record Refused(String reason) implements Outcome {
    }

    public record Failed(String reason) implements Outcome {
    }

    private final Path dataDir;
    private final Path backupParent;
    private final long keepFreeBytes;
    private final ToLongFunction<Path> usableSpace;

    public DataBackup(Path dataDir, Path backupParent, long keepFreeBytes) {
        this(dataDir, backupParent, keepFreeBytes, DataBackup::usableSpaceOf);
    }

    DataBackup(Path dataDir, Path backupParent, long keepFreeBytes, ToLongFunction<Path> usableSpace) {
        this.dataDir = dataDir;
        this.backupParent = backupParent;
        this.keepFreeBytes = keepFreeBytes;
        this.usableSpace = usableSpace;
    }

    public Outcome run(LocalDate today) {
        Path target = backupParent.resolve("data-backup-" + today.getYear() + "-" + today.getMonthValue() + "-" + today.getDayOfMonth());
        try {
            if (Files.isDirectory(target)) {
                return new Done(target, sizeOf(target));
            }
            long size = sizeOf(dataDir);
            long free = usableSpace.applyAsLong(backupParent);
            if (size + keepFreeBytes > free) {
                return new Refused("backup of " + dataDir + " needs " + mib(size) + " MiB and must leave " + mib(keepFreeBytes)
                        + " MiB free (CUTOVER_BACKUP_KEEP_FREE), but " + backupParent + " has only " + mib(free) + " MiB free");
            }
            Path temp = backupParent.resolve(".data-backup-in-progress");
            deleteTree(temp);
            copyTree(dataDir, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return new Done(target, size);
        } catch (IOException e) {
            return new Failed("backup of " + dataDir + " to " + target + " failed: " + e);
        }
    }

    static long sizeOf(Path dir) throws IOException {
        AtomicLong total = new AtomicLong();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total.addAndGet(attrs.size());
                return FileVisitResult.CONTINUE;
            }
        });
        return total.get();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long usableSpaceOf(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
