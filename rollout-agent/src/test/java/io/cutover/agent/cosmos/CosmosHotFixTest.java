package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Target;
import io.cutover.agent.staging.StagingOutcome;

/** On a Cosmovisor home a hot-fix replaces the failed upgrade's {@code upgrades/<name>/bin}, the failing binary kept beside it. */
class CosmosHotFixTest {

    @TempDir
    Path home;

    /** upgrades/v2/bin/simd exits 2, upgrades/v2.0.1/bin/simd is the fix placed by the operator; the source of that home. */
    private CosmosSource homeWithAFailedUpgradeAndAPlacedFix() throws Exception {
        Files.createDirectories(home.resolve("cosmovisor/genesis/bin"));
        Files.createDirectories(home.resolve("data"));
        Files.writeString(Files.createDirectories(home.resolve("cosmovisor/upgrades/v2/bin")).resolve("simd"), "#!/bin/sh\nexit 2\n");
        Files.writeString(Files.createDirectories(home.resolve("cosmovisor/upgrades/v2.0.1/bin")).resolve("simd"), "#!/bin/sh\necho fixed\n");
        CosmovisorSettings settings = CosmovisorSettingsReader.read(Map.of("DAEMON_HOME", home.toString(), "DAEMON_NAME", "simd"),
                Optional.empty(), true).orThrow();
        return new CosmosSource(settings, true, List.of("start"), Optional::empty, "linux/amd64", Clock.systemUTC());
    }

    @Test
    void theFixReplacesTheFailedUpgradesBinAndARepeatedStepFinishesTheSwap() throws Exception {
        Path failing = home.resolve("cosmovisor/upgrades/v2/bin/simd");
        CosmosSource source = homeWithAFailedUpgradeAndAPlacedFix();
        Files.writeString(home.resolve("data/upgrade-info.json"), new UpgradePlan("v2", 100, "").toJson());
        Target failed = new Target("v2@100", "v2", 100, List.of(), Target.Origin.CHAIN);
        Target fix = new Target("v2@100/hot-fix/v2.0.1", "v2.0.1", 100, List.of());

        StagingOutcome outcome = source.stageHotFix(fix, failed, null);

        assertThat(outcome).isEqualTo(new StagingOutcome.Staged("upgrades/v2", false));
        assertThat(failing).hasContent("#!/bin/sh\necho fixed\n");
        assertThat(home.resolve("cosmovisor/upgrades/v2/bin.failed/simd")).hasContent("#!/bin/sh\nexit 2\n");
        assertThat(source.stageHotFix(fix, failed, null)).as("again after a crash").isEqualTo(outcome);
        assertThat(failing).hasContent("#!/bin/sh\necho fixed\n");
        assertThat(home.resolve("cosmovisor/upgrades/v2/bin.failed/simd")).hasContent("#!/bin/sh\nexit 2\n");
        assertThat(home.resolve("cosmovisor/upgrades/v2/bin.hot-fix")).doesNotExist();
    }

    @Test
    void aPlacedFixIsCheckedAgainstTheApprovedSha256BeforeItReplacesAnything() throws Exception {
        Path failing = home.resolve("cosmovisor/upgrades/v2/bin/simd");
        Path placed = home.resolve("cosmovisor/upgrades/v2.0.1/bin/simd");
        CosmosSource source = homeWithAFailedUpgradeAndAPlacedFix();
        Target failed = new Target("v2@100", "v2", 100, List.of(), Target.Origin.CHAIN);
        String sha = new Checksum("sha256", "").digestOf(Files.readAllBytes(placed));

        StagingOutcome wrong = source.stageHotFix(new Target("v2@100/hot-fix/v2.0.1#x", "v2.0.1", 100,
                List.of(new Target.Artifact("linux/amd64", "0".repeat(64), ""))), failed, null);

        assertThat(wrong).isInstanceOfSatisfying(StagingOutcome.Failed.class, f -> {
            assertThat(f.problem()).isEqualTo(io.cutover.agent.staging.StagingProblem.CHECKSUM_MISMATCH);
            assertThat(f.detail()).contains("has SHA-256 " + sha, "approved " + "0".repeat(64));
        });
        assertThat(failing).as("nothing replaced").hasContent("#!/bin/sh\nexit 2\n");
        assertThat(source.stageHotFix(new Target("v2@100/hot-fix/v2.0.1#y", "v2.0.1", 100, List.of(new Target.Artifact("linux/amd64", sha, ""))),
                failed, null)).isEqualTo(new StagingOutcome.Staged("upgrades/v2", true));
        assertThat(failing).hasContent("#!/bin/sh\necho fixed\n");
    }

    @Test
    void theFixsPlanInfoNamesItsUrlWithItsChecksum() {
        Target fix = new Target("v2@100/hot-fix/v2.0.1", "v2.0.1", 100,
                List.of(new Target.Artifact("linux/amd64", "ab".repeat(32), "https://example.org/simd-v2.0.1.tar.gz")));
        assertThat(HotFixes.planInfo(fix, "linux/amd64"))
                .isEqualTo("{\"binaries\":{\"linux/amd64\":\"https://example.org/simd-v2.0.1.tar.gz?checksum=sha256:" + "ab".repeat(32) + "\"}}");
        assertThat(HotFixes.planInfo(fix, "darwin/arm64")).isEmpty();
    }
}
