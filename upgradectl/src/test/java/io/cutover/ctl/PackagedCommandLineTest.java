package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.rpc.Code;

import io.cutover.ctl.FakeCutoverServer.Refusal;
import io.cutover.ctl.keys.KeyFile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The command line as Quarkus runs it: the CDI wiring, the exit codes, and a quiet stdout. */
@QuarkusMainTest
class PackagedCommandLineTest {

    @TempDir
    Path dir;

    @Test
    void helpIsAllThatStdoutShows(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).startsWith("Usage: upgradectl").doesNotContain("INFO", "Quarkus", "__  ____");
    }

    @Test
    void usageErrorExitsTwo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("list", "--status", "sleeping");
        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.getErrorOutput()).contains("pending, approved, rejected, cancelled");
    }

    @Test
    void keysAreWrittenAndRefusalsAndUnreachableServicesMapToTheirCodes(QuarkusMainLauncher launcher) throws Exception {
        Path key = dir.resolve("validator.key");
        LaunchResult keygen = launcher.launch("keygen", "--out", key.toString());
        assertThat(keygen.exitCode()).isZero();
        assertThat(keygen.getOutput()).contains("public key: " + KeyFile.read(key).publicKeyHex());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");

        try (FakeCutoverServer server = FakeCutoverServer.start()) {
            server.refuseNext(new Refusal(Code.FAILED_PRECONDITION, "DOWNGRADE", "v0.9.0 is older than v1.0.0"));
            LaunchResult refused = launcher.launch("propose", "--release", "v0.9.0", "--height", "1200",
                    "--endpoint", server.endpoint(), "--key", key.toString());
            assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED.code());
            assertThat(refused.getErrorOutput()).contains("downgrades are not allowed (reason DOWNGRADE)");
        }

        LaunchResult unreachable = launcher.launch("network", "--endpoint", "127.0.0.1:" + freePort());
        assertThat(unreachable.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
