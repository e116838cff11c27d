package io.cutover.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;

import io.cutover.core.config.TomlReader;

class CheckpointerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    private Path data() throws Exception {
        Path data = Files.createDirectories(home.resolve("data/sub"));
        Files.write(home.resolve("data/000012.sst"), new byte[10_000]);
        Files.write(data.resolve("000007.ldb"), new byte[5_000]);
        Files.writeString(home.resolve("data/MANIFEST-000005"), "manifest");
        Files.writeString(data.resolve("state.json"), "{}");
        return home.resolve("data");
    }

    private CheckpointSettings settings(CheckpointStrategy strategy, int keep) throws Exception {
        return new CheckpointSettings(Optional.ofNullable(strategy), Optional.of(data()), home.resolve("checkpoints"), keep, true,
                CheckpointSettings.ALLOW_WITHOUT, false, 0, CheckpointSettings.Naming.HEIGHT_AND_RELEASE);
    }

    @Test
    void linkHardLinksTheTableFilesAndCopiesEveryOtherFile() throws Exception {
        CheckpointLedger ledger = CheckpointLedger.inMemory();
        Checkpointer.Outcome outcome = new Checkpointer(settings(null, 2), ledger, CLOCK, ProgressReport.logOnly()).take(40, "v1.0.0");

        Path cp = home.resolve("checkpoints/h40-v1.0.0");
        assertThat(outcome).isInstanceOfSatisfying(Checkpointer.Taken.class, t -> {
            assertThat(t.record()).extracting(CheckpointRecord::strategy, CheckpointRecord::files, CheckpointRecord::bytes,
                    CheckpointRecord::linkedFiles, CheckpointRecord::copiedBytes).containsExactly("link", 4L, 15_010L, 2L, 10L);
            assertThat(t.record().folder()).isEqualTo(cp.toString());
        });
        assertThat(Files.isSameFile(cp.resolve("000012.sst"), home.resolve("data/000012.sst"))).isTrue();
        assertThat(Files.isSameFile(cp.resolve("sub/000007.ldb"), home.resolve("data/sub/000007.ldb"))).isTrue();
        assertThat(Files.isSameFile(cp.resolve("MANIFEST-000005"), home.resolve("data/MANIFEST-000005"))).isFalse();
        assertThat(cp.resolve("sub/state.json")).hasContent("{}");
        assertThat(ledger.checkpoints()).hasSize(1);
    }

    @Test
    void copyAndReflinkWriteWholeFilesWhereNothingCanBeShared() throws Exception {
        for (CheckpointStrategy s : new CheckpointStrategy[] {CheckpointStrategy.COPY, CheckpointStrategy.REFLINK}) {
            Checkpointer.Outcome outcome = new Checkpointer(settings(s, 0), CheckpointLedger.inMemory(), CLOCK, ProgressReport.logOnly())
                    .take(40, s.key());
            Path cp = home.resolve("checkpoints/h40-" + s.key());
            assertThat(outcome).isInstanceOf(Checkpointer.Taken.class);
            assertThat(Files.isSameFile(cp.resolve("000012.sst"), home.resolve("data/000012.sst"))).isFalse();
            assertThat(cp.resolve("000012.sst")).hasSize(10_000);
            assertThat(cp.resolve("sub/state.json")).hasContent("{}");
        }
    }

    @Test
    void keepsTheNewestCheckpointsOnlyAndReusesAFinishedOne() throws Exception {
        CheckpointLedger ledger = CheckpointLedger.inMemory();
        for (int h = 10; h <= 30; h += 10) {
            Clock at = Clock.offset(CLOCK, java.time.Duration.ofMinutes(h));
            new Checkpointer(settings(CheckpointStrategy.LINK, 2), ledger, at, ProgressReport.logOnly()).take(h, "v" + h);
        }
        assertThat(ledger.checkpoints()).extracting(CheckpointRecord::height).containsExactly(20L, 30L);
        try (Stream<Path> left = Files.list(home.resolve("checkpoints"))) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("h20-v20", "h30-v30");
        }
        assertThat(new Checkpointer(settings(CheckpointStrategy.LINK, 2), ledger, CLOCK, ProgressReport.logOnly()).take(30, "v30"))
                .as("a repeated step (an agent restarted at the switch) reuses the finished checkpoint")
                .isEqualTo(new Checkpointer.Taken(ledger.checkpoints().get(1)));
    }

    @Test
    void refusesACheckpointThatWouldNotFitBeforeWritingAnything() throws Exception {
        CheckpointSettings s = settings(CheckpointStrategy.COPY, 2);
        s = new CheckpointSettings(s.strategy(), s.data(), s.folder(), 2, true, s.allowWithout(), false, 1L << 20, s.naming());
        Checkpointer.Outcome outcome = new Checkpointer(s, CheckpointLedger.inMemory(), CLOCK, dir -> 1_000_000L, ProgressReport.logOnly())
                .take(40, "v1");
        assertThat(outcome).isInstanceOfSatisfying(Checkpointer.Refused.class,
                r -> assertThat(r.reason()).contains("copy checkpoint", "needs 1 MiB", "must leave 1 MiB free", "only 1 MiB free"));
        try (Stream<Path> files = Files.list(s.folder())) {
            assertThat(files).isEmpty();
        }
        CheckpointStep required = new CheckpointStep(new Checkpointer(s, CheckpointLedger.inMemory(), CLOCK, dir -> 0L,
                ProgressReport.logOnly()), CheckpointLedger.inMemory());
        assertThatThrownBy(() -> required.atHalt(40, "v1")).hasMessageContaining("checkpoint refused")
                .hasMessageContaining("[checkpoint] required = false");
        CheckpointSettings optional = new CheckpointSettings(s.strategy(), s.data(), s.folder(), 2, false, s.allowWithout(), false,
                1L << 20, s.naming());
        new CheckpointStep(new Checkpointer(optional, CheckpointLedger.inMemory(), CLOCK, dir -> 0L, ProgressReport.logOnly()),
                CheckpointLedger.inMemory()).atHalt(40, "v1"); // goes on: allowed without one
    }

    @Test
    void noneAndAnUnknownDataFolderTakeNoCheckpoint() throws Exception {
        assertThat(new Checkpointer(settings(CheckpointStrategy.NONE, 2), CheckpointLedger.inMemory(), CLOCK, ProgressReport.logOnly())
                .take(40, "v1")).isInstanceOf(Checkpointer.Skipped.class);
        assertThat(new Checkpointer(CheckpointSettings.defaults(home), CheckpointLedger.inMemory(), CLOCK, ProgressReport.logOnly())
                .take(40, "v1")).isInstanceOf(Checkpointer.Skipped.class);
    }

    @Test
    void cosmovisorsSettingsKeepTheirMeaning() throws Exception {
        CheckpointSettings configured = CheckpointSettings.defaults(home).withDefaultData(data());
        CheckpointSettings asCosmovisor = configured.cosmovisorBackup(false, home, 0, false, true);
        Checkpointer.Outcome outcome = new Checkpointer(asCosmovisor, CheckpointLedger.inMemory(), CLOCK, ProgressReport.logOnly())
                .take(40, "v1");
        Path folder = home.resolve("data-backup-2026-3-7");
        assertThat(outcome).isInstanceOfSatisfying(Checkpointer.Taken.class,
                t -> assertThat(t.record()).extracting(CheckpointRecord::folder, CheckpointRecord::strategy, CheckpointRecord::copiedBytes)
                        .containsExactly(folder.toString(), "copy", 15_010L));
        assertThat(folder.resolve("sub/state.json")).hasContent("{}");
        assertThat(configured.cosmovisorBackup(true, home, 0, false, true).strategy()).contains(CheckpointStrategy.NONE);
        CheckpointSettings withoutBackup = configured.cosmovisorBackup(false, home, 0, true, false);
        assertThat(withoutBackup.required()).isFalse();
        assertThat(withoutBackup.allowWithout()).isEqualTo("CUTOVER_UPGRADE_WITHOUT_BACKUP=true");
        assertThat(withoutBackup.strategy()).as("a Visor-style home in cosmos mode keeps [checkpoint] strategy").isEmpty();
    }

    @Test
    void aSecondBackupOnTheSameDayReplacesTheFirstAsCosmovisorsDoes() throws Exception {
        CheckpointSettings asCosmovisor = CheckpointSettings.defaults(home).withDefaultData(data()).cosmovisorBackup(false, home, 0, false, true);
        CheckpointLedger ledger = CheckpointLedger.inMemory();
        CheckpointStep step = new CheckpointStep(new Checkpointer(asCosmovisor, ledger, CLOCK, ProgressReport.logOnly()), ledger);
        step.atHalt(27, "v1");
        Files.writeString(home.resolve("data/sub/state.json"), "{\"height\":61}");
        step.atHalt(61, "v2");
        assertThat(home.resolve("data-backup-2026-3-7/sub/state.json")).as("the data at 61, not at 27").hasContent("{\"height\":61}");
        assertThat(step.at(61)).isPresent();
        assertThat(step.at(27)).as("its folder now holds height 61").isEmpty();
        step.atHalt(61, "v2");
        assertThat(ledger.checkpoints()).as("taken again at the same height: the same backup").hasSize(1);
    }

    @Test
    void configErrorsNameTheKey() {
        var parsed = Toml.parse("[checkpoint]\nstrategy = \"snapshot\"\nkeep = -1\ndata = \"data\"\nfolder = \"data/cp\"\n");
        TomlReader r = new TomlReader(parsed);
        CheckpointSettings.parse(r, parsed, home);
        assertThat(r.problems()).extracting(p -> p.key()).containsExactlyInAnyOrder("checkpoint.strategy", "checkpoint.keep",
                "checkpoint.folder");
        var good = Toml.parse("[checkpoint]\nstrategy = \"copy\"\nkeep = 3\ndata = \"node/data\"\nrequired = false\nrestoreOnHotFix = true\n");
        CheckpointSettings s = CheckpointSettings.parse(new TomlReader(good), good, home);
        assertThat(s).extracting(CheckpointSettings::strategy, CheckpointSettings::data, CheckpointSettings::keep, CheckpointSettings::required,
                CheckpointSettings::restoreOnHotFix).containsExactly(Optional.of(CheckpointStrategy.COPY), Optional.of(home.resolve("node/data")),
                        3, false, true);
    }

    @Test
    void vegaCoresStateFolderComesFromItsHome() {
        assertThat(DataFolders.vegaState(java.util.List.of("start", "--home", "/v"), home)).contains(Path.of("/v/state"));
        assertThat(DataFolders.vegaState(java.util.List.of("start", "--home=vh"), home)).contains(home.resolve("vh/state"));
        assertThat(DataFolders.vegaState(java.util.List.of("start"), home)).isEmpty();
    }
}
