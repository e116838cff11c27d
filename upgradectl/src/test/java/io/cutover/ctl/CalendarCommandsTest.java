package io.cutover.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;

import io.cutover.ctl.keys.KeyFile;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.proto.v1.Calendar;
import io.cutover.proto.v1.CalendarEntry;
import io.cutover.proto.v1.HostConflict;
import io.cutover.proto.v1.TargetOrigin;
import io.cutover.proto.vega.InputData;

/** upgradectl calendar and propose --at against a real gRPC server on loopback. */
class CalendarCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @AutoClose
    private static final FakeCutoverServer server = FakeCutoverServer.start();

    @TempDir
    static Path dir;
    static Path keyFile;

    @BeforeAll
    static void writeKey() {
        keyFile = dir.resolve("validator.key");
        KeyFile.write(keyFile, ValidatorKey.generate(), false);
    }

    @BeforeEach
    void reset() {
        server.received.clear();
        server.blockTimeMillis = 1000;
        server.blockTimeSamples = 120;
        server.calendar = Calendar.getDefaultInstance();
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", server.endpoint(), "--query-endpoint", server.endpoint(), "--key", keyFile.toString()));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void proposeAtATimeSignsTheHeightExpectedThenAndSaysHowSureItIs() throws Exception {
        Instant at = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Cli.Result result = run("propose", "--release", "v1.1.0", "--at", at.toString());

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        assertThat(server.received).hasSize(1);
        long signed = InputData.parseFrom(server.received.get(0).getInputData()).getProtocolUpgradeProposal().getUpgradeBlockHeight();
        long blocks = Duration.between(Instant.now(), at).toSeconds(); // 1 s blocks
        assertThat(signed - FakeCutoverServer.NETWORK_HEIGHT).isBetween(blocks - 2, blocks + 2);
        // within a second of the time asked; half a millisecond per block ahead plus one block: ± 4 s
        Matcher line = Pattern.compile("height " + signed + ", expected (\\S+) ± 4 s \\(block time 1\\.00 s measured over 120 blocks\\)")
                .matcher(result.getOutput());
        assertThat(line.find()).as(result.getOutput()).isTrue();
        assertThat(Duration.between(at, Instant.parse(line.group(1))).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(result.getOutput()).contains("proposal id: v1.1.0@" + signed);
    }

    @Test
    void proposeAtWritesTheEstimateIntoItsJsonAnswer() throws Exception {
        Cli.Result result = run("propose", "--release", "v1.1.0", "--at", Instant.now().plus(1, ChronoUnit.HOURS).toString(), "--output", "json");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        JsonNode estimate = JSON.readTree(result.getOutput()).path("estimate");
        assertThat(estimate.path("blockTimeMillis").asLong()).isEqualTo(1000);
        assertThat(estimate.path("height").asLong()).isGreaterThan(FakeCutoverServer.NETWORK_HEIGHT + 3500);
    }

    @Test
    void proposeAtRefusesBeforeSigningWhatCannotWork() {
        Cli.Result both = run("propose", "--release", "v1.1.0", "--height", "1200", "--at", "2099-01-01T00:00Z");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(both.getErrorOutput()).contains("either --height or --at, not both");

        Cli.Result past = run("propose", "--release", "v1.1.0", "--at", "2020-01-01T00:00Z");
        assertThat(past.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(past.getErrorOutput()).contains("--at 2020-01-01T00:00Z is in the past");

        Cli.Result malformed = run("propose", "--release", "v1.1.0", "--at", "tomorrow");
        assertThat(malformed.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(malformed.getErrorOutput()).contains("is not a time such as 2026-12-08T14:00Z");

        Cli.Result soon = run("propose", "--release", "v1.1.0", "--at", Instant.now().plusSeconds(10).toString());
        assertThat(soon.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(soon.getErrorOutput()).contains("too soon for the minimum lead of 20 blocks (~20 s)", "(reason HEIGHT_TOO_SOON)");

        server.blockTimeMillis = 0;
        server.blockTimeSamples = 0;
        Cli.Result unknown = run("propose", "--release", "v1.1.0", "--at", Instant.now().plus(1, ChronoUnit.HOURS).toString());
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.REFUSED.code());
        assertThat(unknown.getErrorOutput()).contains("block time is not measured yet", "give --height instead", "(reason BLOCK_TIME_UNKNOWN)");

        assertThat(server.received).isEmpty();
    }

    @Test
    void calendarPrintsAlignedColumnsSoonestFirstAndTheConflicts() {
        Instant now = Instant.now();
        server.calendar = Calendar.newBuilder().setConflictWindowSeconds(6 * 3600)
                .addEntries(entry("chain-a", "v1.1.0@4600", 4600, now.plusSeconds(3 * 3600 + 12 * 60 + 30), 240, 90, 30)
                        .setOrigin(TargetOrigin.TARGET_ORIGIN_APPROVAL))
                .addEntries(entry("chain-b", "v9.1.0@18500", 18500, now.plusSeconds(5 * 3600 + 30), 60, -40, 0)
                        .setOrigin(TargetOrigin.TARGET_ORIGIN_CHAIN))
                .addEntries(CalendarEntry.newBuilder().setChainId("chain-c").setUpgradeId("v2.0.0@900").setHeight(900)
                        .setTotalPower(40).setThreshold("2/3"))
                .addConflicts(HostConflict.newBuilder().setHost("host-1").addUpgrades("chain-a/v1.1.0@4600")
                        .addUpgrades("chain-b/v9.1.0@18500").addNodes("a-1").addNodes("b-1"))
                .build();

        Cli.Result result = run("calendar");

        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<String> lines = result.getOutput().lines().toList();
        assertThat(lines.get(0)).startsWith("CHAIN    UPGRADE       HEIGHT  EXPECTED (UTC)        WHEN");
        assertThat(lines.get(1)).startsWith("chain-a  v1.1.0@4600   4600    ").contains("in 3 h 12 min", "4 min", "+1 min",
                "75% (30/40, needs 2/3)", "cutover");
        assertThat(lines.get(2)).startsWith("chain-b  v9.1.0@18500  18500   ").contains("in 5 h", "1 min", "-40 s", "0% (0/40", "chain");
        assertThat(lines.get(3)).startsWith("chain-c  v2.0.0@900    900     unknown ").contains("block time not measured yet");
        assertThat(lines.get(1).indexOf("in 3 h")).isEqualTo(lines.get(0).indexOf("WHEN"));
        assertThat(lines.get(4)).isEqualTo("Conflict on host host-1: chain-a/v1.1.0@4600 and chain-b/v9.1.0@18500 are expected "
                + "within 6 h of each other (nodes a-1, b-1)");
    }

    @Test
    void calendarAsJsonAndForAChainNotServed() throws Exception {
        server.calendar = Calendar.newBuilder().setConflictWindowSeconds(3600)
                .addEntries(entry("test-chain", "v1.1.0@4600", 4600, Instant.now().plusSeconds(60), 1, 0, 10)).build();

        Cli.Result json = run("calendar", "--chain", FakeCutoverServer.CHAIN_ID, "--output", "json");
        assertThat(json.exitCode()).as(json.getErrorOutput()).isZero();
        assertThat(JSON.readTree(json.getOutput()).path("entries").path(0).path("upgradeId").asText()).isEqualTo("v1.1.0@4600");

        Cli.Result unknown = run("calendar", "--chain", "other-chain");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.NOT_FOUND.code());
        assertThat(unknown.getErrorOutput()).contains("UNKNOWN_CHAIN");

        server.calendar = Calendar.getDefaultInstance();
        assertThat(run("calendar").getOutput()).isEqualTo("No upcoming upgrade.\n");
    }

    private static CalendarEntry.Builder entry(String chain, String id, long height, Instant at, long uncertainty, long drift, long ready) {
        return CalendarEntry.newBuilder().setChainId(chain).setUpgradeId(id).setHeight(height).setNetworkHeight(1000)
                .setBlockTimeMillis(1000).setEstimatedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
                .setUncertaintySeconds(uncertainty).setEstimatedAtApproval(Timestamp.newBuilder().setSeconds(at.getEpochSecond() - drift))
                .setDriftSeconds(drift).setReadyPower(ready).setTotalPower(40).setThreshold("2/3");
    }
}
