package io.cutover.simnode;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes one release's launcher: a {@code #!/bin/sh} script that runs the simulated node with the
 * release tag baked in, so each release is its own file with its own SHA-256.
 */
public final class Launcher {

    private Launcher() {
    }

    public static Path write(String tag, Path out, Path jar, boolean failOnStart) throws IOException {
        return write(tag, out, jar, failOnStart, false);
    }

    /** @param panicPastStart the release starts but panics (exits 2) instead of making any block past its start height */
    public static Path write(String tag, Path out, Path jar, boolean failOnStart, boolean panicPastStart) throws IOException {
        if (!tag.matches("[A-Za-z0-9._+-]+")) {
            throw new IllegalArgumentException("--tag must be a plain release tag, got " + tag);
        }
        String script = "#!/bin/sh\n"
                + "# Cutover simulated node, release " + tag + (failOnStart ? " (fails on start)" : "")
                + (panicPastStart ? " (panics past its start height)" : "") + "\n"
                + "exec java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                + " -D" + SimNode.VERSION_PROPERTY + "=" + tag
                + (failOnStart ? " -D" + SimNode.FAIL_PROPERTY + "=true" : "")
                + (panicPastStart ? " -D" + Panic.PROPERTY + "=true" : "")
                + " -cp '" + jar.toAbsolutePath() + "' " + SimNode.class.getName() + " \"$@\"\n";
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(out, script);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        return out;
    }

    /** The jar (or classes folder) this class was loaded from. */
    static Path ownJar() {
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
