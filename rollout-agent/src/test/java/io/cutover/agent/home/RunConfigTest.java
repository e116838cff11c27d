package io.cutover.agent.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;

/** run-config.toml as Visor reads it: absolute or release-relative binary paths, and binaries that can be run. */
class RunConfigTest {

    @TempDir
    Path dir;

    @Test
    void aBinaryPathIsAbsoluteOrRelativeToTheReleaseFolder() throws Exception {
        Path release = Files.createDirectories(dir.resolve("v0.79.0"));
        Path absolute = executable(dir.resolve("opt/vega/bin/vega"));
        executable(release.resolve("bin/data-node"));
        Files.writeString(release.resolve(RunConfig.FILE), """
                name = "v0.79.0"
                [vega.binary]
                  path = "%s"
                  args = ["start", "--home", "/home/vega/.vega"]
                [vega.rpc]
                  socketPath = "/tmp/vega.sock"
                  httpPath = "/rpc"
                [data_node.binary]
                  path = "bin/../bin/data-node"
                  args = ["start"]
                """.formatted(absolute));
        RunConfig run = RunConfig.readRunnable(release).orThrow();
        assertThat(run.node().args()).containsExactly("start", "--home", "/home/vega/.vega");
        assertThat(run.rpc().orElseThrow().socket()).isEqualTo(Path.of("/tmp/vega.sock"));
        assertThat(RunConfig.parse(run.toToml(), "x").orThrow()).isEqualTo(run);
        assertThat(run.node().resolveIn(release)).isEqualTo(absolute);
        assertThat(run.dataNode().orElseThrow().resolveIn(release)).isEqualTo(release.resolve("bin/data-node"));
        assertThat(new RunConfig.Binary("../shared/vega", List.of()).resolveIn(release)).isEqualTo(dir.resolve("shared/vega"));
    }

    @Test
    void aBinaryThatDoesNotExistOrCannotBeRunIsAProblemNamingItsFile() throws Exception {
        Path release = Files.createDirectories(dir.resolve("genesis"));
        Path notExecutable = Files.writeString(release.resolve("vega"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(release.resolve(RunConfig.FILE), """
                [vega.binary]
                  path = "vega"
                [data_node.binary]
                  path = "/nowhere/data-node"
                """);
        List<ConfigProblem> problems = ((ConfigResult.Invalid<RunConfig>) RunConfig.readRunnable(release)).problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("vega.binary.path", "data_node.binary.path");
        assertThat(problems.get(0).message()).isEqualTo(notExecutable + " is not executable (chmod a+x " + notExecutable + ")");
        assertThat(problems.get(1).message()).isEqualTo("/nowhere/data-node does not exist");
        assertThat(((ConfigResult.Invalid<RunConfig>) RunConfig.readRunnable(release)).describe())
                .startsWith(release.resolve(RunConfig.FILE) + " has 2 problems");

        Files.writeString(release.resolve(RunConfig.FILE), "[vega.binary]\npath = \"" + release + "\"\n");
        assertThat(((ConfigResult.Invalid<RunConfig>) RunConfig.readRunnable(release)).problems().get(0).message())
                .isEqualTo(release + " is not a regular file");
    }

    @Test
    void anEmptyPathOrArgumentsThatAreNotStringsAreProblemsWithTheirKeys() {
        ConfigResult<RunConfig> bad = RunConfig.parse("[vega.binary]\npath = \"\"\nargs = [1]\n", "run-config.toml");
        assertThat(((ConfigResult.Invalid<RunConfig>) bad).problems()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("vega.binary.path", "vega.binary.args[0]");
        assertThat(((ConfigResult.Invalid<RunConfig>) RunConfig.parse("name = \"x\"\n", "run-config.toml")).problems())
                .extracting(ConfigProblem::key).containsExactly("vega.binary");
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
