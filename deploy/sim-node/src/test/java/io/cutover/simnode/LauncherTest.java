package io.cutover.simnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void eachReleaseIsItsOwnFileWithItsOwnChecksum() throws Exception {
        Path one = Launcher.write("v1.0.0", dir.resolve("a/sim-node"), Launcher.ownJar(), false);
        Path two = Launcher.write("v1.1.0", dir.resolve("b/sim-node"), Launcher.ownJar(), false);
        assertThat(sha256(one)).isNotEqualTo(sha256(two));
        assertThat(Files.isExecutable(one)).isTrue();
    }

    @Test
    void launcherPrintsItsTagAsJson() throws Exception {
        Path launcher = Launcher.write("v1.2.3", dir.resolve("sim-node"), Launcher.ownJar(), false);
        Process p = new ProcessBuilder(launcher.toString(), "version", "--output", "json").start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim())
                .isEqualTo("{\"version\":\"v1.2.3\"}");
    }

    @Test
    void aFailingReleaseStillAnswersVersionButExitsNonZeroOnRun() throws Exception {
        Path launcher = Launcher.write("v9.0.0", dir.resolve("bad/sim-node"), Launcher.ownJar(), true);
        Process version = new ProcessBuilder(launcher.toString(), "version", "--output", "json").start();
        assertThat(version.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
        Process run = new ProcessBuilder(launcher.toString(), "run", "--home", dir.resolve("data").toString(), "--port", "0")
                .redirectErrorStream(true).start();
        assertThat(run.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
    }

    @Test
    void refusesATagThatWouldBreakTheScript() {
        assertThatThrownBy(() -> Launcher.write("v1'; rm -rf /", dir.resolve("x"), Launcher.ownJar(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badArgumentsExitWithUsageCode() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err);
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        assertThat(SimNode.run(new String[] {"run"}, out, errStream)).isEqualTo(2);
        assertThat(err.toString()).contains("--home is required");
        assertThat(SimNode.run(new String[] {"run", "--home", dir.toString(), "--block-interval", "fast"}, out, errStream)).isEqualTo(2);
        assertThat(SimNode.run(new String[] {"nope"}, out, errStream)).isEqualTo(2);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
