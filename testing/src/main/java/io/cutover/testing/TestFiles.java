package io.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Scratch files of a test run, under the module's {@code target/tmp} (tests run in the module's folder),
 * so that they go with {@code mvn clean} instead of piling up in the system's temporary folder.
 */
public final class TestFiles {

    private static final Path ROOT = Path.of("target", "tmp").toAbsolutePath();

    private TestFiles() {
    }

    public static Path file(String prefix, String suffix) {
        try {
            return Files.createTempFile(Files.createDirectories(ROOT), prefix, suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path directory(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(ROOT), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
