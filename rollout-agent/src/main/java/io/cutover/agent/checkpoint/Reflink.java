package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A copy-on-write clone of a folder with {@code cp -a --reflink=always} (Btrfs, XFS, ZFS ≥ 2.2, APFS with GNU cp). */
final class Reflink {

    private Reflink() {
    }

    /** True when {@code to} is now a clone of {@code from}; false when the filesystem (or cp) cannot clone. */
    static boolean cloneTree(Path from, Path to) {
        try {
            Process cp = new ProcessBuilder("cp", "-a", "--reflink=always", from.toString() + "/.", to.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!cp.waitFor(1, TimeUnit.HOURS)) {
                cp.destroyForcibly();
                return false;
            }
            return cp.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
