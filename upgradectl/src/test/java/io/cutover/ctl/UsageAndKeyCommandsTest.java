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

/** Argument parsing, key commands and local failures: no service needed. */
class UsageAndKeyCommandsTest {

    static final String MNEMONIC = "swing ceiling chaos green put insane ripple desk match tip melt usual shrug turkey "
            + "renew icon parade veteran lens govern path rough page render";
    static final String REFERENCE_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";

    @TempDir
    Path dir;

    @Test
    void everyCommandExplainsItselfWithExamplesAndExitCodes() {
        for (String command : new String[] {"keygen", "import", "propose", "reject", "recover", "withdraw", "list", "show", "watch", "network"}) {
            Cli.Result result = Cli.run(command, "--help");
            assertThat(result.exitCode()).as(command).isZero();
            assertThat(result.getOutput()).as(command)
                    .contains("Usage: upgradectl " + command, "Examples:", "Exit codes:", "--endpoint", "--query-endpoint", "--key", "--output");
        }
        Cli.Result top = Cli.run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.getOutput()).contains("propose", "watch", "3  refused");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertUsage(Cli.run(), "Missing required subcommand");
        assertUsage(Cli.run("frobnicate"), "frobnicate");
        assertUsage(Cli.run("network", "--colour"), "Unknown option");
        assertUsage(Cli.run("propose", "--release", "v1.1.0"), "--height");
        assertUsage(Cli.run("propose", "--release", "banana", "--height", "1200"), "not a semantic version");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "0"), "positive");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "ten"), "--height");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "1200", "--artifact", "linux/amd64=abc"), "64 hex");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "1200", "--artifact", "linux-amd64"), "OS/ARCH=SHA256");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact", "linux/amd64=" + "a".repeat(64) + ",ftp://mirror/x"), "http(s)");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact", "linux/amd64=" + "a".repeat(64), "--artifact", "linux/amd64=" + "b".repeat(64)), "given twice");
        assertUsage(Cli.run("propose", "--release", "v1.1.0", "--height", "1200", "--artifact-file", "x.bin"), "--platform");
        assertUsage(Cli.run("reject"), "--proposal");
        assertUsage(Cli.run("show"), "ID");
        assertUsage(Cli.run("network", "--endpoint", "nowhere"), "host:port");
        assertUsage(Cli.run("network", "--endpoint", "127.0.0.1:99999"), "host:port");
        assertUsage(Cli.run("network", "--output", "yaml"), "yaml");
        assertUsage(Cli.run("network", "--timeout", "soon"), "duration");
        assertUsage(Cli.run("list", "--status", "sleeping"), "pending, approved, rejected, cancelled");
        assertUsage(Cli.run("watch", "--until", "approved"), "--until needs --proposal");
        assertUsage(Cli.run("import", "--mnemonic-file", "m.txt", "--index", "0", "--out", dir.resolve("k").toString()), "--index");
    }

    @Test
    void keygenWritesAnOwnerOnlyKeyFileAndPrintsItsPublicKey() throws IOException {
        Path file = dir.resolve("keys/validator.key");
        Cli.Result result = Cli.run("keygen", "--out", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String pubKey = KeyFile.read(file).publicKeyHex();
        assertThat(result.getOutput()).contains("public key: " + pubKey);

        Cli.Result again = Cli.run("keygen", "--out", file.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(again.getErrorOutput()).contains("already exists", "--force");
        assertThat(KeyFile.read(file).publicKeyHex()).isEqualTo(pubKey);

        Cli.Result forced = Cli.run("keygen", "--out", file.toString(), "--force", "--output", "json");
        assertThat(forced.exitCode()).isZero();
        assertThat(forced.getOutput()).contains("\"pubKey\" : \"" + KeyFile.read(file).publicKeyHex() + "\"");
        assertThat(KeyFile.read(file).publicKeyHex()).isNotEqualTo(pubKey);
    }

    @Test
    void importDerivesTheVegaWalletKey() throws IOException {
        Path mnemonic = Files.writeString(dir.resolve("recovery.txt"), MNEMONIC + "\n");
        Path file = dir.resolve("imported.key");
        Cli.Result result = Cli.run("import", "--mnemonic-file", mnemonic.toString(), "--out", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("public key: " + REFERENCE_PUB_KEY);
        assertThat(KeyFile.read(file).publicKeyHex()).isEqualTo(REFERENCE_PUB_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        Cli.Result second = Cli.run("import", "--mnemonic-file", mnemonic.toString(), "--index", "2",
                "--out", dir.resolve("second.key").toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.getOutput()).doesNotContain(REFERENCE_PUB_KEY);
    }

    @Test
    void badMnemonicsAndMissingFilesAreLocalFileErrors() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.txt"), MNEMONIC.replace("desk", "dsek"));
        Cli.Result result = Cli.run("import", "--mnemonic-file", typo.toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("word 8", "dsek");
        assertThat(dir.resolve("k")).doesNotExist();

        Path swapped = Files.writeString(dir.resolve("swapped.txt"), MNEMONIC.replace("swing ceiling", "ceiling swing"));
        result = Cli.run("import", "--mnemonic-file", swapped.toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("checksum");

        result = Cli.run("import", "--mnemonic-file", dir.resolve("absent.txt").toString(), "--out", dir.resolve("k").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("does not exist");

        result = Cli.run("propose", "--release", "v1.1.0", "--height", "1200", "--key", dir.resolve("absent.key").toString());
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("absent.key", "keygen");

        result = Cli.run("propose", "--release", "v1.1.0", "--height", "1200",
                "--artifact-file", dir.resolve("absent.bin").toString(), "--platform", "linux/amd64");
        assertThat(result.exitCode()).isEqualTo(ExitCode.LOCAL_FILE.code());
        assertThat(result.getErrorOutput()).contains("absent.bin");
    }

    @Test
    void anUnreachableServiceExitsWithFour() throws IOException {
        String closed = "127.0.0.1:" + freePort();
        Cli.Result network = Cli.run("network", "--endpoint", closed);
        assertThat(network.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(network.getErrorOutput()).contains("cannot reach proposal-service at " + closed);

        Cli.Result list = Cli.run("list", "--query-endpoint", closed, "--output", "json");
        assertThat(list.exitCode()).isEqualTo(ExitCode.UNREACHABLE.code());
        assertThat(list.getErrorOutput()).contains("cannot reach vote-aggregator at " + closed);
        assertThat(list.getOutput()).contains("\"kind\" : \"UNREACHABLE\"", "\"exitCode\" : 4");
    }

    private static void assertUsage(Cli.Result result, String expected) {
        assertThat(result.exitCode()).as(result.getErrorOutput()).isEqualTo(ExitCode.USAGE.code());
        assertThat(result.getErrorOutput()).contains(expected);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
