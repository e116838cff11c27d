package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.jboss.logging.Logger;

/**
 * Puts a checkpoint back as the node's data folder, so that a process killed at any moment and
 * started again completes it ({@link #restore} is idempotent):
 * <ol>
 * <li>the checkpoint is rebuilt beside the data ({@code <data>.restoring}: table files hard-linked
 *     where one filesystem allows it, every other file copied), and a marker file says it is whole;</li>
 * <li>the data folder is renamed away ({@code <data>.replaced});</li>
 * <li>the rebuilt folder is renamed to the data folder;</li>
 * <li>the replaced data is deleted, then the marker.</li>
 * </ol>
 * The data folder therefore holds either the old data or the whole checkpoint, never a mix; while
 * the marker is in it the restore is not finished and the node must not start.
 */
public final class Restore {

    private static final Logger LOG = Logger.getLogger(Restore.class);
    static final String COMPLETE = ".cutover-restore-complete";

    private Restore() {
    }

    /** Makes {@code data} hold exactly what {@code checkpoint} holds; resumes a restore a crash interrupted. */
    public static void restore(Path checkpoint, Path data, ProgressReport progress) throws IOException {
        Path staging = sibling(data, ".restoring");
        Path replaced = sibling(data, ".replaced");
        if (!Files.exists(data.resolve(COMPLETE)) && !Files.exists(staging.resolve(COMPLETE))) {
            if (!Files.isDirectory(checkpoint)) {
                throw new IOException("checkpoint " + checkpoint + " does not exist");
            }
            TreeCopy.deleteTree(staging);
            if (!Files.exists(data, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(replaced)) {
                Files.move(replaced, data, StandardCopyOption.ATOMIC_MOVE); // cannot happen without a marker; never lose data
            }
            TreeCopy.deleteTree(replaced);
            LOG.infof("restoring checkpoint %s into %s", checkpoint, data);
            TreeCopy.Size size = TreeCopy.sizeOf(checkpoint);
            ProgressReport.Tracker tracker = progress.track("restore of " + checkpoint);
            try {
                TreeCopy.copy(checkpoint, staging, true, size.bytes(), tracker);
            } finally {
                tracker.finished();
            }
            Files.createFile(staging.resolve(COMPLETE));
        }
        if (Files.exists(staging.resolve(COMPLETE))) {
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(data, replaced, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        }
        TreeCopy.deleteTree(replaced);
        Files.deleteIfExists(data.resolve(COMPLETE));
        LOG.infof("checkpoint %s restored into %s", checkpoint, data);
    }

    /** Whether {@code data} may hold a half-restored state (a restore was interrupted): the node must not start on it. */
    public static boolean unfinished(Path data) {
        return Files.exists(data.resolve(COMPLETE)) || Files.exists(sibling(data, ".restoring")) || Files.exists(sibling(data, ".replaced"));
    }

    private static Path sibling(Path data, String suffix) {
        return data.resolveSibling(data.getFileName() + suffix);
    }
}
