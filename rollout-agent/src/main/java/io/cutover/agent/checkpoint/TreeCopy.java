package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Copies a folder tree file by file, hard-linking the table files when asked ({@link CheckpointStrategy#LINK}),
 * and says how far it got. A link that the filesystem refuses (another device) becomes a copy.
 */
public final class TreeCopy {

    /** Told after every file: bytes written or linked so far, of the total. */
    interface Progress {
        void advanced(long doneBytes, long totalBytes);

        Progress NONE = (done, total) -> {
        };
    }

    /** What a tree holds: files and bytes, and those in table files. */
    record Size(long files, long bytes, long tableFiles, long tableBytes) {

        /** The bytes a strategy writes: everything but the table files for {@link CheckpointStrategy#LINK}. */
        long bytesToWrite(CheckpointStrategy strategy) {
            return strategy == CheckpointStrategy.LINK ? bytes - tableBytes : bytes;
        }
    }

    /** What a copy did. */
    record Copied(long files, long bytes, long linkedFiles, long copiedBytes) {
    }

    private TreeCopy() {
    }

    static Size sizeOf(Path root) throws IOException {
        long[] s = new long[4];
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                s[0]++;
                s[1] += attrs.size();
                if (attrs.isRegularFile() && CheckpointStrategy.isTableFile(file.getFileName().toString())) {
                    s[2]++;
                    s[3] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new Size(s[0], s[1], s[2], s[3]);
    }

    /** Copies {@code from} into the new folder {@code to}; {@code linkTables}: table files are hard-linked. */
    static Copied copy(Path from, Path to, boolean linkTables, long totalBytes, Progress progress) throws IOException {
        long files = 0;
        long bytes = 0;
        long linked = 0;
        long copied = 0;
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(dest);
                    continue;
                }
                long size = Files.size(p);
                files++;
                bytes += size;
                if (linkTables && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && CheckpointStrategy.isTableFile(p.getFileName().toString())
                        && tryLink(p, dest)) {
                    linked++;
                } else {
                    Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                    copied += size;
                }
                progress.advanced(bytes, totalBytes);
            }
        }
        return new Copied(files, bytes, linked, copied);
    }

    private static boolean tryLink(Path existing, Path link) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A plain copy of a folder tree into the new folder {@code to}. */
    public static void copyTree(Path from, Path to) throws IOException {
        copy(from, to, false, 0, Progress.NONE);
    }

    /** Deletes a folder tree (or a file); nothing when it does not exist. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
