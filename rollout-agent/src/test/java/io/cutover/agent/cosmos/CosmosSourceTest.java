package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.core.config.ConfigResult;

/** The cosmos source alone: what it announces, withdraws and refuses, and where the halt point is. */
class CosmosSourceTest {

    @TempDir
    Path home;

    private final AtomicReference<Optional<UpgradePlan>> chainPlan = new AtomicReference<>(Optional.empty());
    private final List<String> told = new CopyOnWriteArrayList<>();
    private CosmovisorSettings settings;

    @BeforeEach
    void settings() throws Exception {
        Files.createDirectories(home.resolve("cosmovisor/genesis/bin"));
        Files.createDirectories(home.resolve("data"));
        settings = CosmovisorSettingsReader.read(Map.of("DAEMON_HOME", home.toString(), "DAEMON_NAME", "simd"), Optional.empty(), true)
                .orThrow();
        settings.layout().ensureCurrent();
    }

    private CosmosSource source(List<String> args) {
        CosmosSource source = unannounced(args);
        source.announceTo(recorder());
        return source; // the periodic checks are driven by hand
    }

    private CosmosSource unannounced(List<String> args) {
        CurrentPlanSource plans = () -> {
            if (chainPlan.get() == null) {
                throw new IOException("connection refused");
            }
            return chainPlan.get();
        };
        return new CosmosSource(settings, true, args, plans, "linux/amd64", Clock.systemUTC());
    }

    private UpgradeSource.Announcements recorder() {
        return new UpgradeSource.Announcements() {
            @Override
            public void announced(Target target) {
                told.add("announced " + target.proposalId() + " " + target.origin() + " " + target.artifacts());
            }

            @Override
            public void withdrawn(String targetId, long height, String why) {
                told.add("withdrawn " + targetId);
            }

            @Override
            public void refused(String targetId, String reason) {
                told.add("refused " + targetId + ": " + reason);
            }

            @Override
            public Optional<Target> pendingTarget() {
                return Optional.empty();
            }

            @Override
            public long nodeHeight() {
                return 0;
            }

            @Override
            public void releaseInForce(String folder, String why) {
                told.add("in force " + folder + ": " + why);
            }

            @Override
            public String runningRelease() {
                return "genesis";
            }
        };
    }

    @Test
    void theNodesFirstAnswerBeforeTheSourceIsStartedIsJudgedWhenItStarts() throws Exception {
        Files.writeString(home.resolve("data/upgrade-info.json.batch"), "[{\"name\":\"chain3\",\"height\":80}]");
        CosmosSource source = unannounced(List.of("start"));
        source.nodeFirstAnswered(100); // the agent polls its node from its own start, before the source is started

        source.announceTo(recorder());

        assertThat(told).singleElement().asString().startsWith("in force upgrades/chain3: the node is at height 100")
                .contains("is missing");
    }

    @Test
    void afterAReturnTheSkippedUpgradeIsNeitherHaltedForNorTakenToBeInForce() throws Exception {
        for (UpgradePlan plan : List.of(new UpgradePlan("v2", 26, ""), new UpgradePlan("v3", 58, ""))) {
            Files.createDirectories(home.resolve("cosmovisor/upgrades/" + plan.name() + "/bin"));
            Files.writeString(home.resolve("cosmovisor/upgrades/" + plan.name() + "/bin/simd"), "#!/bin/sh\n");
            Files.writeString(home.resolve("cosmovisor/upgrades/" + plan.name() + "/upgrade-info.json"), plan.toJson());
        }
        settings.layout().pointCurrentAt("upgrades/v2"); // back on the release before v3, the backup at 58 restored
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("v3", 58, "").toJson());
        CosmosSource source = source(List.of("start"));

        List<String> args = source.returnArgs(new Target("v3@58", "v3", 58, List.of()), List.of("start"));
        source.checkUpgradeInfo();
        source.nodeFirstAnswered(57);

        assertThat(args).containsExactly("start", "--unsafe-skip-upgrades", "58");
        assertThat(told).as("v3 at 58 is skipped by the node: no halt for it, and upgrades/v2 stays in force").isEmpty();
        assertThat(source.haltPending(57)).isFalse();
        assertThat(source.runConfig(home.resolve("cosmovisor/upgrades/v2")).orThrow().node().args())
                .as("a crash restart of the node still at 58 skips v3 too").containsExactly("start", "--unsafe-skip-upgrades", "58");
    }

    @Test
    void aVisorHomeRestartedAfterAReturnStartsTheNodeWithTheUpgradeSkipped() throws Exception {
        AgentHome visor = new AgentHome(Files.createDirectories(home.resolve("visor")));
        Files.createDirectories(visor.release("v2"));
        Files.writeString(visor.release("v2").resolve(RunConfig.FILE), """
                name = "v2"
                [vega.binary]
                path = "/opt/simd-v2"
                args = ["start", "--home", "/h"]
                """);
        visor.pointCurrentAt("v2");
        Files.writeString(visor.state(), """
                {"phase": "RUNNING", "recovery": {"plan": {"recoveryId": "v3@58/return", "upgradeId": "v3@58", "action": "RETURN",
                 "height": 58, "failedTag": "v3"}, "returnFolder": "v2", "step": "SWITCHED"}}
                """);
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("v3", 58, "").toJson()); // restored with the checkpoint

        try (CosmosSource source = CosmosSource.forVisorHome(visor, Map.of("DAEMON_HOME", home.toString()))) {
            assertThat(source.runConfig(visor.release("v2")).orThrow().node().args())
                    .containsExactly("start", "--home", "/h", "--unsafe-skip-upgrades", "58");
            source.announceTo(recorder());
            source.checkUpgradeInfo();
            assertThat(told).as("v3 at 58 is skipped by the node: no halt for it").isEmpty();
        }
    }

    @Test
    void announcesTheChainsPlanWithThisPlatformsArtifactAndWithdrawsItWhenDropped() {
        CosmosSource source = source(List.of("start"));
        String sha = "a".repeat(64);
        chainPlan.set(Optional.of(new UpgradePlan("v2", 100, "{\"binaries\":{\"linux/amd64\":\"https://x/simd?checksum=sha256:" + sha + "\"}}")));
        source.checkPlan();
        assertThat(told).containsExactly("announced v2@100 CHAIN [Artifact[platform=linux/amd64, sha256=" + sha + ", url=https://x/simd]]");
        chainPlan.set(Optional.empty());
        source.checkPlan();
        assertThat(told).last().isEqualTo("withdrawn v2@100");
    }

    @Test
    void aNodeThatCannotBeAskedWithdrawsNothing() {
        CosmosSource source = source(List.of("start"));
        chainPlan.set(Optional.of(new UpgradePlan("v2", 100, "")));
        source.checkPlan();
        chainPlan.set(null);
        source.checkPlan();
        assertThat(told).containsExactly("announced v2@100 CHAIN []");
    }

    @Test
    void skipsPlansAtUnsafeSkipHeightsAndPlansAlreadyApplied() throws Exception {
        CosmosSource source = source(List.of("start", "--unsafe-skip-upgrades", "100"));
        chainPlan.set(Optional.of(new UpgradePlan("v2", 100, "")));
        source.checkPlan();
        assertThat(told).isEmpty();

        Files.createDirectories(home.resolve("cosmovisor/upgrades/v3/bin"));
        Files.writeString(home.resolve("cosmovisor/upgrades/v3/upgrade-info.json"), new UpgradePlan("v3", 200, "").toJson());
        settings.layout().pointCurrentAt("upgrades/v3");
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("V3", 200, "").toJson());
        source.checkUpgradeInfo();
        assertThat(told).as("already applied (name compared without case)").isEmpty();
    }

    @Test
    void aMalformedUpgradeInfoIsRefusedOnceAndAnEmptyOneWaits() throws Exception {
        CosmosSource source = source(List.of("start"));
        Path file = home.resolve("data/upgrade-info.json");
        Files.writeString(file, "");
        source.checkUpgradeInfo();
        assertThat(told).isEmpty();
        Files.writeString(file, "{\"name\":\"v2\",\"heig");
        source.checkUpgradeInfo();
        source.checkUpgradeInfo();
        assertThat(told).hasSize(1).first().asString().startsWith("refused data/upgrade-info.json: malformed");
        Files.writeString(file, new UpgradePlan("v2", 100, "").toJson());
        source.checkUpgradeInfo();
        assertThat(told).last().isEqualTo("announced v2@100 CHAIN []");
    }

    @Test
    void theHaltPointIsTheFileNamingThePlanUnlessTheNodeSaysItIsBelowTheHeight() throws Exception {
        CosmosSource source = source(List.of("start"));
        Target target = new Target("v2@100", "v2", 100, List.of(), Target.Origin.CHAIN);
        assertThat(source.haltPoint(target, OptionalLong.of(100))).as("no file").isEmpty();
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("V2", 100, "").toJson());
        assertThat(source.haltPoint(target, OptionalLong.of(50))).as("written ahead of the height (add-upgrade)").isEmpty();
        assertThat(source.haltPoint(target, OptionalLong.empty())).as("a node without RPC: the file alone").hasValue(100);
        assertThat(source.haltPoint(target, OptionalLong.of(99))).as("CometBFT may still show H-1").hasValue(100);
        assertThat(source.haltPoint(target, OptionalLong.of(100))).hasValue(100);
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("v1", 100, "").toJson());
        assertThat(source.haltPoint(target, OptionalLong.of(100))).as("another plan").isEmpty();
    }

    @Test
    void runsBinOfEachReleaseWithTheNodeArgumentsAndNamesUpgradesByTheirName() {
        CosmosSource source = source(List.of("start", "--home", "/h"));
        ConfigResult<RunConfig> run = source.runConfig(home.resolve("cosmovisor/upgrades/v2"));
        assertThat(run.orThrow().node()).isEqualTo(new RunConfig.Binary("bin/simd", List.of("start", "--home", "/h")));
        assertThat(source.releaseTag("upgrades/v2%2Frc")).hasValue("v2/rc");
        assertThat(source.releaseTag("genesis")).isEmpty();
    }

    @Test
    void theVisorHomeModeReadsTheSameVariables() throws Exception {
        AgentHome visor = new AgentHome(Files.createDirectories(home.resolve("visor")));
        try (CosmosSource source = CosmosSource.forVisorHome(visor, Map.of("DAEMON_HOME", home.toString()))) {
            assertThat(source.name()).isEqualTo("cosmos");
        }
        assertThatThrownBy(() -> CosmosSource.forVisorHome(visor, Map.of())).hasMessageContaining("DAEMON_HOME: is required");
    }
}
