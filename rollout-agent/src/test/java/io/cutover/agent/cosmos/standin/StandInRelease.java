package io.cutover.agent.cosmos.standin;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.cutover.simnode.Panic;

/**
 * Writes one release of the stand-in Cosmos node: a {@code #!/bin/sh} launcher with the release's
 * behaviour baked in (version, upgrade handlers, pre-upgrade exit codes), so that each release is
 * its own file with its own checksum, as a real node binary is.
 */
public record StandInRelease(String version, List<String> handlers, String preUpgradeCodes, boolean failOnStart,
        boolean panicPastStart) {

    public static StandInRelease of(String version, String... handlers) {
        return new StandInRelease(version, List.of(handlers), "1", false, false);
    }

    public StandInRelease preUpgrade(String codes) {
        return new StandInRelease(version, handlers, codes, failOnStart, panicPastStart);
    }

    public StandInRelease failingOnStart() {
        return new StandInRelease(version, handlers, preUpgradeCodes, true, panicPastStart);
    }

    /** A release that starts, answers its status, takes no block and exits 2 (a node panicking in the upgrade's first block). */
    public StandInRelease panickingPastStart() {
        return new StandInRelease(version, handlers, preUpgradeCodes, failOnStart, true);
    }

    /** Writes the launcher to {@code out} (executable) and returns it. */
    public Path write(Path out) throws IOException {
        String script = "#!/bin/sh\n# stand-in Cosmos-SDK node, release " + version + "\n"
                + "exec java -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                + " -Dstandin.version=" + version + " -Dstandin.handlers=" + String.join(",", handlers)
                + " -Dstandin.preUpgrade=" + preUpgradeCodes + " -Dstandin.failOnStart=" + failOnStart
                + (panicPastStart ? " -D" + Panic.PROPERTY + "=true" : "")
                + " -cp '" + classPath() + "' " + CosmosStandIn.class.getName() + " \"$@\"\n";
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, script);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        return out;
    }

    /** This JVM's class path, with a manifest-only jar (as surefire writes) expanded. */
    static String classPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                    if (cp != null) {
                        for (String url : cp.trim().split("\\s+")) {
                            entries.add(url.startsWith("file:") ? Path.of(URI.create(url)).toString() : url);
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
