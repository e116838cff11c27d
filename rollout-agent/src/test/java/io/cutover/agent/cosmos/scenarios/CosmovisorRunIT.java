package io.cutover.agent.cosmos.scenarios;

import static io.cutover.agent.cosmos.scenarios.FakeCosmosHome.writesPlan;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/rollout-agent cosmovisor run} as a process, for what only a process shows:
 * the node's stdout and stderr pass through unchanged on their own streams, stdin reaches the node,
 * the exit code is the one Cosmovisor's {@code run} gives, {@code COSMOVISOR_DISABLE_LOGS} silences
 * the agent alone, and the new binary's {@code pre-upgrade} output goes into the agent's log.
 */
class CosmovisorRunIT {

    @TempDir
    Path dir;

    private record Outcome(int code, String stdout, String stderr) {
    }

    @Test
    void aOneShotCommandGetsStdinItsOutputPassesThroughAndItsExitCodeIsRunsOwn() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir.resolve("home"))) {
            h.env.put("COSMOVISOR_DISABLE_LOGS", "true");
            h.daemon("genesis", "read line\necho \"out: $line\"\necho \"err: $*\" >&2\nexit 3");

            Outcome run = run(h, "hello from stdin\n", "export", "--height", "7");
            assertThat(run.code()).as("the node's exit code").isEqualTo(3);
            assertThat(run.stdout()).as("only the node's output: the agent is silent").isEqualTo("out: hello from stdin\n");
            assertThat(run.stderr()).isEqualTo("err: export --height 7\n");
        }
    }

    @Test
    void anUpgradeRunEndsWith0AndLogsPreUpgradeOutputWhileTheNodesOutputPassesThrough() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir.resolve("home"))) {
            h.daemon("genesis", "echo \"Genesis $*\"\necho genesis-stderr >&2\n" + writesPlan("chain2", 49, "")
                    + "\necho 'UPGRADE \"chain2\" NEEDED at height: 49: {}'\nexec sleep 30");
            h.daemon("upgrades/chain2", "if [ \"$1\" = pre-upgrade ]; then echo PRE-UPGRADE OUTPUT; exit 0; fi\necho \"Chain 2 is live!\"\n"
                    + "echo \"Args: $*\"\necho \"Finished successfully\"");

            Outcome run = run(h, "", "foo", "bar");
            assertThat(run.code()).isZero();
            List<String> out = run.stdout().lines().toList();
            assertThat(out).containsSubsequence("Genesis foo bar", "UPGRADE \"chain2\" NEEDED at height: 49: {}", "Chain 2 is live!",
                    "Args: foo bar", "Finished successfully");
            assertThat(out).as("pre-upgrade output is logged, not passed through").doesNotContain("PRE-UPGRADE OUTPUT")
                    .anyMatch(l -> l.contains("INFO") && l.endsWith("pre-upgrade] PRE-UPGRADE OUTPUT"));
            assertThat(run.stderr().lines()).containsExactly("genesis-stderr");
            assertThat(h.current()).isEqualTo("upgrades/chain2");
        }
    }

    @Test
    void addBatchUpgradeRefusesOverlappingHeightsAndShowUpgradeInfoListsTheKnownUpgrades() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir.resolve("home"))) {
            h.daemon("genesis", "exit 0");
            Path binary = h.home.resolve("cosmovisor/genesis/bin/" + FakeCosmosHome.DAEMON);

            Outcome overlap = command(h, "", "add-batch-upgrade", "v2:" + binary + ":20", "v3:" + binary + ":20");
            assertThat(overlap.code()).isEqualTo(1);
            assertThat(overlap.stderr()).contains("nothing written", "upgrades v2 and v3 overlap at height 20");
            assertThat(h.home.resolve("data/upgrade-info.json.batch")).doesNotExist();

            assertThat(command(h, "", "add-batch-upgrade", "V2:" + binary + ":20", "v3:" + binary + ":30").code()).isZero();
            assertThat(h.home.resolve("cosmovisor/upgrades/v2/bin/" + FakeCosmosHome.DAEMON)).isExecutable();
            Outcome known = command(h, "", "show-upgrade-info", "--known");
            assertThat(known.code()).isZero();
            assertThat(known.stdout().lines()).containsExactly("v2 at height 20 (data/upgrade-info.json.batch)",
                    "v3 at height 30 (data/upgrade-info.json.batch)");
        }
    }

    private Outcome run(FakeCosmosHome h, String stdin, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        return command(h, stdin, all.toArray(String[]::new));
    }

    /** {@code bin/rollout-agent cosmovisor <args>} with the home's variables. */
    private Outcome command(FakeCosmosHome h, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize().toString(),
                "cosmovisor"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(h.env);
        Process agent = pb.start();
        agent.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        agent.getOutputStream().close();
        if (!agent.waitFor(60, TimeUnit.SECONDS)) {
            agent.destroyForcibly().waitFor();
            throw new AssertionError("cosmovisor " + String.join(" ", args) + " did not end: " + Files.readString(out));
        }
        return new Outcome(agent.exitValue(), Files.readString(out), Files.readString(err));
    }
}
