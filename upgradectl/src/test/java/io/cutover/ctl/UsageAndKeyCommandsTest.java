package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.ctl.keys.KeyFile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** Argument parsing, key commands and local failures: no service needed. */
@QuarkusMainTest
class UsageAndKeyCommandsTest {

    static final String MNEMONIC = "swing ceiling chaos green put insane ripple desk match tip melt usual shrug turkey "
            + "renew icon parade veteran lens govern path rough page render";
    static final String REFERENCE_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";

    @TempDir
    Path dir;

    @Test
    void everyCommandExplainsItselfWithExamplesAndExitCodes(QuarkusMainLauncher launcher) {
        for (String command : new String[] {"keygen", "import", "propose", "reject", "withdraw", "list", "show", "watch", "network"}) {
            LaunchResult result = launcher.launch(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.getOutput()).as(command)
                    .contains("Usage: upgradectl " + command, "Examples:", "Exit codes:", "--endpoint", "--query-endpoint", "--key", "--output");
        }
        LaunchResult top = launcher.launch("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.getOutput()).contains("propose", "watch", "3  refused");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong(QuarkusMainLauncher launcher) {
        assertUsage(launcher.launch(), "Missing required subcommand");
        assertUsage(launcher.launch("frobnicate"), "frobnicate");
        assertUsage(launcher.launch("network", "--colour"), "Unknown option");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0"), "--height");
        assertUsage(launcher.launch("propose", "--release", "banana", "--height", "1200"), "not a semantic version");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "0"), "positive");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "ten"), "--height");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "1200", "--artifact", "linux/amd64=abc"), "64 hex");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "1200", "--artifact", "linux-amd64"), "OS/ARCH=SHA256");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact", "linux/amd64=" + "a".repeat(64) + ",ftp://mirror/x"), "http(s)");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact", "linux/amd64=" + "a".repeat(64), "--artifact", "linux/amd64=" + "b".repeat(64)), "given twice");
        assertUsage(launcher.launch("propose", "--release", "v1.1.0", "--height", "1200", "--artifact-file", "x.bin"), "--platform");
        assertUsage(launcher.launch("reject"), "--proposal");
        assertUsage(launcher.launch("show"), "ID");
        assertUsage(launcher.launch("network", "--endpoint", "nowhere"), "host:port");
        assertUsage(launcher.launch("network", "--endpoint", "127.0.0.1:99999"), "host:port");
        assertUsage(launcher.launch("network", "--output", "yaml"), "yaml");
        assertUsage(launcher.launch("network", "--timeout", "soon"), "duration");
        assertUsage(launcher.launch("list", "--status", "sleeping"), "pending, approved, rejected, cancelled");
        assertUsage(launcher.launch("watch", "--until", "approved"), "--until needs --proposal");
        assertUsage(launcher.launch("import", "--mnemonic-file", "m.txt", "--index", "0", "--out", dir.resolve("k").toString()), "--index");
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyFileAndPrintsItsPublicKey(QuarkusMainLauncher launcher) throws IOException {
        Path file = dir.resolve("keys/validator.key");
        LaunchResult result = launcher.launch("keygen", "--out", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String pubKey = KeyFile.read(file).publicKeyHex();
        assertThat(result.getOutput()).contains("public key: " + pubKey);

        LaunchResult again = launcher.launch("keygen", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(again.getErrorOutput()).contains("already exists", "--force");
        assertThat(KeyFile.read(file).publicKeyHex()).isEqualTo(pubKey);

        LaunchResult forced = launcher.launch("keygen", "--out", file.toString(), "--force", "--output", "json");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.getOutput()).contains("\"pubKey\" : \"" + KeyFile.read(file).publicKeyHex() + "\"");
        assertThat(KeyFile.read(file).publicKeyHex()).isNotEqualTo(pubKey);
    }

    @Test
    void importDerivesTheVegaWalletKey(QuarkusMainLauncher launcher) throws IOException {
        Path mnemonic = Files.writeString(dir.resolve("recovery.txt"), MNEMONIC + "\n");
        Path file = dir.resolve("imported.key");
        LaunchResult result = launcher.launch("import", "--mnemonic-file", mnemonic.toString(), "--out", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("public key: " + REFERENCE_PUB_KEY);
        assertThat(KeyFile.read(file).publicKeyHex()).isEqualTo(REFERENCE_PUB_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        LaunchResult second = launcher.launch("import", "--mnemonic-file", mnemonic.toString(), "--index", "2",
                "--out", dir.resolve("second.key").toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.getOutput()).doesNotContain(REFERENCE_PUB_KEY);
    }

    @Test
    void badMnemonicsAndMissingFilesAreLocalFileErrors(QuarkusMainLauncher launcher) throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.txt"), MNEMONIC.replace("desk", "dsek"));
        LaunchResult result = launcher.launch("import", "--mnemonic-file", typo.toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("word 8", "dsek");
        assertThat(dir.resolve("k")).doesNotExist();

        Path swapped = Files.writeString(dir.resolve("swapped.txt"), MNEMONIC.replace("swing ceiling", "ceiling swing"));
        result = launcher.launch("import", "--mnemonic-file", swapped.toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("checksum");

        result = launcher.launch("import", "--mnemonic-file", dir.resolve("absent.txt").toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("does not exist");

        result = launcher.launch("propose", "--release", "v1.1.0", "--height", "1200", "--key", dir.resolve("absent.key").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("absent.key", "keygen");

        result = launcher.launch("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact-file", dir.resolve("absent.bin").toString(), "--platform", "linux/amd64");
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("absent.bin");
    }

    @Test
    void anUnreachableServiceExitsWithFour(QuarkusMainLauncher launcher) throws IOException {
        String closed = "127.0.0.1:" + freePort();
        LaunchResult network = launcher.launch("network", "--endpoint", closed);
        assertThat(network.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(network.getErrorOutput()).contains("cannot reach proposal-service at " + closed);

        LaunchResult list = launcher.launch("list", "--query-endpoint", closed, "--output", "json");
        assertThat(list.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(list.getErrorOutput()).contains("cannot reach vote-aggregator at " + closed);
        assertThat(list.getOutput()).contains("\"kind\" : \"UNREACHABLE\"", "\"exitCode\" : 4");
    }

    private static void assertUsage(LaunchResult result, String expected) {
        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.getErrorOutput()).contains(expected);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
