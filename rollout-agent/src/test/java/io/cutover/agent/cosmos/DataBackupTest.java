package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataBackupTest {

    @TempDir
    Path home;

    private Path data() throws Exception {
        Path data = Files.createDirectories(home.resolve("data/sub"));
        Files.write(home.resolve("data/blocks.db"), new byte[10_000]);
        Files.writeString(data.resolve("state.json"), "{}");
        return home.resolve("data");
    }

    @Test
    void copiesTheDataIntoADatedFolderAsCosmovisorNamesIt() throws Exception {
        DataBackup.Outcome outcome = new DataBackup(data(), home, 0).run(LocalDate.of(2026, 3, 7));
        Path folder = home.resolve("data-backup-2026-3-7");
        assertThat(outcome).isEqualTo(new DataBackup.Done(folder, 10_002));
        assertThat(folder.resolve("sub/state.json")).hasContent("{}");
        assertThat(folder.resolve("blocks.db")).hasSize(10_000);
        assertThat(new DataBackup(data(), home, 0).run(LocalDate.of(2026, 3, 7))).as("a repeated step reuses it")
                .isInstanceOf(DataBackup.Done.class);
    }

    @Test
    void refusesABackupThatWouldNotFitBeforeWritingAnything() throws Exception {
        DataBackup.Outcome outcome = new DataBackup(data(), home, 1L << 20, dir -> 1_000_000L).run(LocalDate.of(2026, 3, 7));
        assertThat(outcome).isInstanceOfSatisfying(DataBackup.Refused.class,
                r -> assertThat(r.reason()).contains("needs 1 MiB", "must leave 1 MiB free", "only 1 MiB free"));
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("data");
        }
    }

    @Test
    void refusesWhenTheRealDiskIsTooSmall() throws Exception {
        assertThat(new DataBackup(data(), home, Long.MAX_VALUE / 2).run(LocalDate.of(2026, 3, 7))).isInstanceOf(DataBackup.Refused.class);
    }
}
