package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreUpgradeTest {

    @TempDir
    Path home;

    /** A binary whose pre-upgrade exits with the given codes in turn (the count kept in a file). */
    private Path binary(String... codes) throws Exception {
        Path bin = home.resolve("bin/simd");
        Files.createDirectories(bin.getParent());
        Files.writeString(home.resolve("codes"), String.join("\n", codes) + "\n");
        Files.writeString(bin, """
                #!/bin/sh
                [ "$1" = pre-upgrade ] || exit 99
                n=$(cat calls 2>/dev/null || echo 0)
                n=$((n+1)); echo $n > calls
                code=$(sed -n "${n}p" codes); [ -n "$code" ] || code=$(tail -n 1 codes)
                exit $code
                """);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private int calls() throws Exception {
        return Integer.parseInt(Files.readString(home.resolve("calls")).trim());
    }

    @Test
    void exit0And1GoOn() throws Exception {
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("0"), 0)).isInstanceOf(PreUpgrade.Passed.class);
        Files.delete(home.resolve("calls"));
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("1"), 0)).isEqualTo(
                new PreUpgrade.Passed("pre-upgrade command does not exist (exit 1): continuing"));
    }

    @Test
    void exit30Refuses() throws Exception {
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("30"), 5)).isInstanceOfSatisfying(PreUpgrade.Refused.class,
                r -> assertThat(r.reason()).contains("exited with 30"));
        assertThat(calls()).as("30 is not retried").isEqualTo(1);
    }

    @Test
    void exit31IsRetriedUpToTheMaximum() throws Exception {
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("31", "31", "0"), 2)).isInstanceOf(PreUpgrade.Passed.class);
        assertThat(calls()).isEqualTo(3);
        Files.delete(home.resolve("calls"));
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("31"), 1)).isInstanceOfSatisfying(PreUpgrade.Refused.class,
                r -> assertThat(r.reason()).contains("31 on all 2 attempts", "DAEMON_PREUPGRADE_MAX_RETRIES=1"));
        assertThat(calls()).isEqualTo(2);
        Files.delete(home.resolve("calls"));
        assertThat(new PreUpgrade(home).binaryPreUpgrade(binary("31"), 0)).isInstanceOf(PreUpgrade.Refused.class);
        assertThat(calls()).as("the default: one attempt").isEqualTo(1);
    }

    @Test
    void theCustomScriptGetsNameAndHeightAndAFailureRefuses() throws Exception {
        Path script = home.resolve("cosmovisor/pre.sh");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\necho \"$1 $2\" > args\n[ \"$1\" = v2 ]\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(new PreUpgrade(home).customScript("pre.sh", new UpgradePlan("v2", 120, ""))).isInstanceOf(PreUpgrade.Passed.class);
        assertThat(Files.readString(home.resolve("args")).trim()).as("run in DAEMON_HOME, made executable").isEqualTo("v2 120");
        assertThat(new PreUpgrade(home).customScript("pre.sh", new UpgradePlan("v3", 130, ""))).isInstanceOfSatisfying(PreUpgrade.Refused.class,
                r -> assertThat(r.reason()).contains("exited with 1"));
        assertThat(new PreUpgrade(home).customScript("missing.sh", new UpgradePlan("v2", 1, ""))).isInstanceOf(PreUpgrade.Refused.class);
        assertThat(new PreUpgrade(home).customScript("", new UpgradePlan("v2", 1, ""))).isInstanceOf(PreUpgrade.Passed.class);
    }
}
