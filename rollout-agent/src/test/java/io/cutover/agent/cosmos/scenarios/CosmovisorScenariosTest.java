package io.cutover.agent.cosmos.scenarios;

import static io.cutover.agent.cosmos.scenarios.FakeCosmosHome.writesPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.runtime.Agent;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.agent.runtime.StateStore;
import io.cutover.core.proposal.Platform;
import io.cutover.testing.ReleaseArtifacts;

/**
 * Cosmovisor's own process scenarios ({@code tools/cosmovisor/process_test.go} and its
 * {@code testdata}), run against {@code rollout-agent cosmovisor run} with fake daemons of our own:
 * what Cosmovisor does is what the agent must do, unless the README says why not.
 */
class CosmovisorScenariosTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /**
     * Cosmovisor's validate/dummyd: writes the plan at 49 and waits to be killed; chain2 exits 0. The
     * daemons here print nothing (their output would be this JVM's own): CosmovisorRunIT checks the
     * output passing through.
     */
    private FakeCosmosHome validate() throws Exception {
        FakeCosmosHome h = new FakeCosmosHome(dir);
        h.daemon("genesis", writesPlan("chain2", 49, "") + "\nexec sleep 30");
        h.daemon("upgrades/chain2", "[ \"$1\" = pre-upgrade ] && exit 1\nexit 0");
        return h;
    }

    @Test
    void launchesGenesisSwitchesAtTheNodesOwnFileAndRunsTheUpgradeWithTheSameArgsWithoutAnRpc() throws Exception {
        try (FakeCosmosHome h = validate()) {
            assertThat(h.run("foo", "bar", "1234")).as("run exits 0 when the new binary exits 0").isZero();

            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).as("only the binaries Cosmovisor runs: no version call")
                    .containsExactly("genesis foo bar 1234", "upgrades/chain2 pre-upgrade", "upgrades/chain2 foo bar 1234");
            assertThat(Files.readString(h.home.resolve("cosmovisor/upgrades/chain2/upgrade-info.json")))
                    .contains("\"name\":\"chain2\"", "\"height\":49");
        }
    }

    @Test
    void keepsThePlanNameCaseWithDisableRecase() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.env.put("COSMOVISOR_DISABLE_RECASE", "true");
            h.daemon("genesis", writesPlan("Chain2", 49, "") + "\nexec sleep 30");
            h.daemon("upgrades/Chain2", "[ \"$1\" = pre-upgrade ] && exit 1\nexit 0");

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/Chain2");
        }
    }

    @Test
    void killsTheHaltedNodeAtOnceWithoutShutdownGrace() throws Exception {
        try (FakeCosmosHome h = dontDie()) {
            assertThat(h.run("start")).isZero();
            assertThat(h.calls()).as("SIGKILL: the node's SIGINT handler never ran").doesNotContain("flushed")
                    .contains("upgrades/chain2 start");
        }
    }

    @Test
    void givesTheHaltedNodeSigintAndTheShutdownGrace() throws Exception {
        try (FakeCosmosHome h = dontDie()) {
            h.env.put("DAEMON_SHUTDOWN_GRACE", "2s");
            assertThat(h.run("start")).isZero();
            assertThat(h.calls()).as("SIGINT, and the node flushed within the grace").contains("flushed", "upgrades/chain2 start");
        }
    }

    /** Cosmovisor's dontdie/dummyd: after the plan it flushes on SIGINT and does not exit by itself. */
    private FakeCosmosHome dontDie() throws Exception {
        FakeCosmosHome h = new FakeCosmosHome(dir);
        // the handler in perl, set before the plan is written, not a shell trap: a shell cannot trap a signal
        // that was ignored when it started, and a build started in the background (nohup ... &) starts
        // every process with SIGINT ignored
        String plan = "{\"name\":\"chain2\",\"time\":\"0001-01-01T00:00:00Z\",\"height\":49}";
        h.daemon("genesis", "exec perl -e '$SIG{INT} = sub { open(my $f, \">>\", \"$ARGV[0]/calls\"); print $f \"flushed\\n\"; close($f); exit 0 };"
                + " open(my $p, \">\", \"$ARGV[0]/data/upgrade-info.json.tmp\"); print $p q{" + plan + "}; close($p);"
                + " rename(\"$ARGV[0]/data/upgrade-info.json.tmp\", \"$ARGV[0]/data/upgrade-info.json\");"
                + " select(undef, undef, undef, 0.1) while 1;' \"$H\"");
        h.daemon("upgrades/chain2", "[ \"$1\" = pre-upgrade ] && exit 1\nexit 0");
        return h;
    }

    @Test
    void waitsTheRestartDelayBetweenTheHaltAndTheNewBinary() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.env.put("DAEMON_RESTART_DELAY", "1s");
            h.daemon("upgrades/chain2", "[ \"$1\" = pre-upgrade ] && exit 1\nexit 0");
            h.start("start");
            long halted = await().atMost(WAIT).until(() -> Files.getLastModifiedTime(h.home.resolve("data/upgrade-info.json")).toMillis(),
                    t -> t > 0);
            assertThat(h.awaitExit(WAIT)).isZero();
            long started = Files.getLastModifiedTime(h.home.resolve("calls")).toMillis();
            assertThat(started - halted).as("DAEMON_RESTART_DELAY").isGreaterThanOrEqualTo(1000);
        }
    }

    @Test
    void downloadsAZippedBinaryThenFollowsAPlanInfoUrlToAZippedFolder() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "true");
            h.env.put("DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM", "false");
            String platform = Platform.current();
            byte[] chain3 = ReleaseArtifacts.zip(Map.of("bin/" + FakeCosmosHome.DAEMON,
                    h.script("chain3", "[ \"$1\" = pre-upgrade ] && exit 1\nexit 0").getBytes(StandardCharsets.UTF_8)));
            String chain3Url = h.serve("/chain3.zip", chain3) + "?checksum=sha256:" + FakeCosmosHome.sha256(chain3);
            String ref = h.serve("/ref_to_chain3-zip_dir.json",
                    ("{\"binaries\":{\"" + platform + "\":\"" + chain3Url + "\"}}").getBytes(StandardCharsets.UTF_8));
            byte[] chain2 = ReleaseArtifacts.zip(Map.of(FakeCosmosHome.DAEMON,
                    h.script("chain2", "[ \"$1\" = pre-upgrade ] && exit 1\n" + writesPlan("chain3", 936, ref) + "\nexec sleep 30")
                            .getBytes(StandardCharsets.UTF_8)));
            String chain2Url = h.serve("/autod.zip", chain2) + "?checksum=sha256:" + FakeCosmosHome.sha256(chain2);
            h.daemon("genesis", writesPlan("chain2", 49, "{\"binaries\":{\"" + platform + "\":\"" + chain2Url + "\"}}") + "\nexec sleep 30");

            assertThat(h.run("some", "args")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain3");
            assertThat(h.calls()).containsExactly("genesis some args", "chain2 pre-upgrade", "chain2 some args", "chain3 pre-upgrade",
                    "chain3 some args");
        }
    }

    @Test
    void runsTheCustomPreUpgradeScriptWithTheNameAndHeightInTheHome() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.env.put("COSMOVISOR_CUSTOM_PREUPGRADE", "preupgrade.sh");
            Path script = h.home.resolve("cosmovisor/preupgrade.sh");
            Files.writeString(script, "#!/bin/sh\ntouch \"upgrade_name_$1_height_$2\"\necho custom pre-upgrade output\n");

            assertThat(h.run("start")).isZero();
            assertThat(h.home.resolve("upgrade_name_chain2_height_49")).exists();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
        }
    }

    @Test
    void aMissingCustomPreUpgradeScriptFailsTheUpgradeAndRunExitsNonZero() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.env.put("COSMOVISOR_CUSTOM_PREUPGRADE", "missing.sh");

            assertThat(h.run("start")).isNotZero();
            assertThat(h.current()).isEqualTo("genesis");
            assertThat(h.state()).contains("missing.sh", "\"phase\" : \"FAILED\"");
            assertThat(h.calls()).containsExactly("genesis start");
        }
    }

    @Test
    void aPlanAtAnUnsafeSkipUpgradesHeightIsLeftToTheNode() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.daemon("genesis", writesPlan("chain2", 49, "") + "\nsleep 0.5\necho done >> \"$H/calls\"");
            h.daemon("upgrades/chain2", "exit 0");

            assertThat(h.run("start", "--unsafe-skip-upgrades", "10", "49", "--abcd")).isZero();
            assertThat(h.current()).isEqualTo("genesis");
            assertThat(h.calls()).containsExactly("genesis start --unsafe-skip-upgrades 10 49 --abcd", "done");
        }
    }

    @Test
    void aChecksumMismatchIsNeverInstalledNorRunAndRunExitsNonZero() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "true");
            String url = h.serve("/autod", h.script("chain2", "exit 0").getBytes(StandardCharsets.UTF_8)) + "?checksum=sha256:" + "0".repeat(64);
            h.daemon("genesis", writesPlan("chain2", 49, "{\"binaries\":{\"" + Platform.current() + "\":\"" + url + "\"}}") + "\nexec sleep 30");

            assertThat(h.run("start")).isNotZero();
            assertThat(h.home.resolve("cosmovisor/upgrades/chain2")).doesNotExist();
            assertThat(h.current()).isEqualTo("genesis");
            assertThat(h.state()).contains("CHECKSUM_MISMATCH", "STOPPED");
            assertThat(h.calls()).containsExactly("genesis start");
        }
    }

    @Test
    void anUpgradeAlreadyCurrentIsNotAppliedAgain() throws Exception {
        try (FakeCosmosHome h = validate()) {
            Files.writeString(h.home.resolve("cosmovisor/upgrades/chain2/upgrade-info.json"), "{\"name\":\"chain2\",\"height\":49}");
            Files.writeString(h.home.resolve("data/upgrade-info.json"), "{\"name\":\"chain2\",\"height\":49}");
            Files.createSymbolicLink(h.home.resolve("cosmovisor/current"), Path.of("upgrades/chain2"));

            assertThat(h.run("start")).isZero();
            assertThat(h.calls()).containsExactly("upgrades/chain2 start");
        }
    }

    @Test
    void anUpgradeTheNodeHaltedForBeforeTheAgentStartedIsSwitchedBeforeTheFirstLaunch() throws Exception {
        try (FakeCosmosHome h = validate()) {
            Files.writeString(h.home.resolve("data/upgrade-info.json"), "{\"name\":\"chain2\",\"height\":49}");

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).as("the old binary is not started again at its halt")
                    .containsExactly("upgrades/chain2 pre-upgrade", "upgrades/chain2 start");
        }
    }

    @Test
    void aMalformedUpgradeInfoIsReportedAndTheNodeIsNeverStoppedForIt() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.daemon("genesis", "printf '%s' '{\"name\":\"chain2\",\"height\":\"forty\"' > \"$H/data/upgrade-info.json\"\nsleep 0.5\n"
                    + "echo done >> \"$H/calls\"");

            assertThat(h.run("start")).as("the node exited 0 by itself").isZero();
            assertThat(h.calls()).containsExactly("genesis start", "done");
            assertThat(h.state()).contains("malformed data/upgrade-info.json");
        }
    }

    @Test
    void anEmptyUpgradeInfoIsReadAgainUntilTheNodeHasWrittenIt() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.daemon("genesis", ": > \"$H/data/upgrade-info.json\"\nsleep 0.3\n" + writesPlan("chain2", 49, "") + "\nexec sleep 30");

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
        }
    }

    @Test
    void aNodeThatExitsByItselfAtTheHeightIsTheHaltNotAFailure() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.daemon("genesis", writesPlan("chain2", 49, "") + "\nexit 2");

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).containsExactly("genesis start", "upgrades/chain2 pre-upgrade", "upgrades/chain2 start");
        }
    }

    @Test
    void passesTheExitCodeOfAOneShotCommandThrough() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.daemon("genesis", "[ \"$1\" = version ] && exit 0\nexit 3");
            assertThat(h.run("version")).isZero();
            assertThat(h.run("export")).isEqualTo(3);
            assertThat(h.calls()).containsExactly("genesis version", "genesis export");
        }
    }

    @Test
    void exitsNonZeroWhenTheNodeDiesWithNoRestartLeft() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            h.env.put("CUTOVER_MAX_RESTARTS", "1");
            h.daemon("genesis", "exit 7");
            assertThat(h.run("start")).isEqualTo(7);
            assertThat(h.calls()).as("one restart (CUTOVER_MAX_RESTARTS), then run ends").containsExactly("genesis start", "genesis start");
        }
    }

    @Test
    void leavesTheNewBinaryToTheOperatorWithRestartAfterUpgradeOff() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.env.put("DAEMON_RESTART_AFTER_UPGRADE", "false");
            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).containsExactly("genesis start", "upgrades/chain2 pre-upgrade");

            assertThat(h.run("start")).as("started again, it runs the new binary").isZero();
            assertThat(h.calls()).endsWith("upgrades/chain2 start");
        }
    }

    @Test
    void readsTheRpcPortFromTheNodesConfigAndWaitsForAPlanWrittenAheadOfItsHeight() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.withRpc(); // not 26657: the port config.toml names
            h.rpcHeight.set(10);
            Agent agent = h.start("start").agent();

            await().atMost(WAIT).until(() -> agent.height() == 10 && agent.state().phase() == Phase.READY);
            assertThat(agent.state().target().height()).isEqualTo(49);
            h.rpcHeight.set(48);
            assertThat(h.awaitExit(WAIT)).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).containsExactly("genesis start", "upgrades/chain2 pre-upgrade", "upgrades/chain2 start");
        }
    }

    @Test
    void refusesToRunWithoutTheCurrentBinaryNamingTheCommandThatInstallsIt() throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            assertThatThrownBy(() -> h.start("start")).isInstanceOf(IOException.class)
                    .hasMessageContaining("cosmovisor/genesis/bin/dummyd does not exist").hasMessageContaining("cosmovisor init");
        }
    }

    @Test
    void refusesAPlanBelowTheAppliedOneAndNeverStopsTheNodeForIt() throws Exception {
        assertNeverStoppedFor("chain3", 936, "chain2", 49, "is below the upgrade applied last (chain3 at height 936)");
    }

    @Test
    void refusesTheAppliedPlanAtAnotherHeightAndNeverStopsTheNodeForIt() throws Exception {
        assertNeverStoppedFor("chain2", 49, "chain2", 60, "was already applied at height 49");
    }

    /** The node runs upgrade {@code applied} and writes a plan that is refused with {@code reason}; it ends by itself. */
    private void assertNeverStoppedFor(String applied, long appliedAt, String plan, long height, String reason) throws Exception {
        try (FakeCosmosHome h = new FakeCosmosHome(dir)) {
            String release = "upgrades/" + applied;
            h.daemon(release, writesPlan(plan, height, "") + "\nsleep 0.5\necho done >> \"$H/calls\"");
            Files.writeString(h.home.resolve("cosmovisor/" + release + "/upgrade-info.json"),
                    "{\"name\":\"" + applied + "\",\"height\":" + appliedAt + "}");
            Files.createSymbolicLink(h.home.resolve("cosmovisor/current"), Path.of(release));

            assertThat(h.run("start")).isZero();
            assertThat(h.calls()).containsExactly(release + " start", "done");
            assertThat(h.state()).contains(reason);
        }
    }

    @Test
    void aBatchUpgradeIsStagedEarlyAndSwitchedAtItsHeight() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.daemon("genesis", "exec sleep 30");
            h.withRpc();
            h.rpcHeight.set(5);
            Files.writeString(h.home.resolve("data/upgrade-info.json.batch"), "[{\"name\":\"chain2\",\"height\":20}]");
            RunningAgent running = h.start("start");
            Agent agent = running.agent();

            await().atMost(WAIT).until(() -> agent.height() == 5 && agent.state().phase() == Phase.READY);
            assertThat(agent.state().target().proposalId()).isEqualTo("chain2@20");
            String known = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + running.apiPort() + "/api/v1/upgrades")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(known).as("the status API lists the known upgrades").isEqualTo("[{\"name\":\"chain2\",\"height\":20,\"from\":\"batch\"}]");
            h.rpcHeight.set(19);
            assertThat(h.awaitExit(WAIT)).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).containsExactly("genesis start", "upgrades/chain2 pre-upgrade", "upgrades/chain2 start");
        }
    }

    @Test
    void overlappingUpgradeHeightsStopTheStartWithTheReason() throws Exception {
        try (FakeCosmosHome h = validate()) {
            Files.writeString(h.home.resolve("data/upgrade-info.json.batch"), "[{\"name\":\"chain2\",\"height\":20},"
                    + "{\"name\":\"chain3\",\"height\":20}]");
            assertThatThrownBy(() -> h.start("start")).isInstanceOf(IOException.class)
                    .hasMessageContaining("chain2").hasMessageContaining("chain3").hasMessageContaining("overlap at height 20")
                    .hasMessageContaining("not started");
            assertThat(h.calls()).isEmpty();
        }
    }

    @Test
    void startsTheReleaseInForceAtTheNodesLastKnownHeight() throws Exception {
        try (FakeCosmosHome h = validate()) {
            Files.writeString(h.home.resolve("cosmovisor/upgrades/chain2/upgrade-info.json"), "{\"name\":\"chain2\",\"height\":49}");
            lastSeen(h, 100);

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).as("never the genesis binary at height 100").containsExactly("upgrades/chain2 start");
        }
    }

    @Test
    void aNodeRestoredPastAnUpgradeIsMovedToTheReleaseInForceAtItsHeight() throws Exception {
        try (FakeCosmosHome h = validate()) {
            h.daemon("genesis", "exec sleep 30"); // the old binary on a store restored at height 100: its RPC still answers
            Files.writeString(h.home.resolve("cosmovisor/upgrades/chain2/upgrade-info.json"), "{\"name\":\"chain2\",\"height\":49}");
            h.withRpc();
            h.rpcHeight.set(100);

            assertThat(h.run("start")).isZero();
            assertThat(h.current()).isEqualTo("upgrades/chain2");
            assertThat(h.calls()).containsExactly("genesis start", "upgrades/chain2 start");
            assertThat(h.state()).contains("\"runningRelease\" : \"upgrades/chain2\"");
        }
    }

    @Test
    void aNodeRestoredPastAnUpgradeWhoseBinaryIsMissingIsStoppedWithTheReason() throws Exception {
        try (FakeCosmosHome h = validate()) {
            restoredPastAMissingBatchUpgrade(h);

            assertThat(h.run("start")).isNotZero();
            assertThat(h.current()).isEqualTo("genesis");
            assertThat(h.state()).contains("where upgrade chain3 (from height 80) is in force", "is missing",
                    "not left on the release of another height");
        }
    }

    @Test
    void aBatchUpgradeTheNodeHasPassedIsNotHaltedForWhileItsRpcIsNotUpYet() throws Exception {
        try (FakeCosmosHome h = validate()) {
            restoredPastAMissingBatchUpgrade(h);
            h.rpcUnavailableFor.set(5);

            assertThat(h.run("start")).isNotZero();
            assertThat(h.rpcUnavailableFor.get()).isNegative();
            assertThat(h.current()).isEqualTo("genesis");
            assertThat(h.state()).contains("where upgrade chain3 (from height 80) is in force", "is missing")
                    .doesNotContain("halted at height 80");
        }
    }

    @Test
    void aBinaryMissingForTheNodesHeightIsNotReplacedByAnother() throws Exception {
        try (FakeCosmosHome h = validate()) {
            Files.writeString(h.home.resolve("data/upgrade-info.json.batch"), "[{\"name\":\"chain3\",\"height\":80}]");
            lastSeen(h, 100);

            assertThatThrownBy(() -> h.start("start")).isInstanceOf(IOException.class)
                    .hasMessageContaining("upgrade chain3 (from height 80) is in force").hasMessageContaining("missing")
                    .hasMessageContaining("not started on genesis");
            assertThat(h.calls()).isEmpty();
        }
    }

    /** A genesis node whose RPC answers height 100, past the batch upgrade chain3 at 80 whose binary is missing. */
    private static void restoredPastAMissingBatchUpgrade(FakeCosmosHome h) throws IOException {
        h.daemon("genesis", "exec sleep 30");
        Files.writeString(h.home.resolve("data/upgrade-info.json.batch"), "[{\"name\":\"chain3\",\"height\":80}]");
        h.withRpc();
        h.rpcHeight.set(100);
    }

    /** state.json of an agent that last saw the node at {@code height}, running genesis. */
    private static void lastSeen(FakeCosmosHome h, long height) throws IOException {
        Files.createSymbolicLink(h.home.resolve("cosmovisor/current"), Path.of("genesis"));
        new StateStore(h.home.resolve("cosmovisor/state.json")).save(RolloutState.initial("genesis", Instant.now()).seen(height));
    }
}
