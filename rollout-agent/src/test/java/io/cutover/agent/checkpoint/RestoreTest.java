package io.cutover.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore killed at any step completes when run again, and the data never mixes old and restored files. */
class RestoreTest {

    @TempDir
    Path root;

    private Path checkpoint() throws Exception {
        Path cp = Files.createDirectories(root.resolve("checkpoints/h40/sub"));
        Files.writeString(root.resolve("checkpoints/h40/000001.sst"), "table");
        Files.writeString(cp.resolve("CURRENT"), "at 40");
        return root.resolve("checkpoints/h40");
    }

    private Path data() throws Exception {
        Path data = Files.createDirectories(root.resolve("data/sub"));
        Files.writeString(data.resolve("CURRENT"), "at 41");
        Files.writeString(root.resolve("data/000009.sst"), "newer table");
        return root.resolve("data");
    }

    private void assertRestored(Path data) {
        assertThat(data.resolve("sub/CURRENT")).hasContent("at 40");
        assertThat(data.resolve("000001.sst")).hasContent("table");
        assertThat(data.resolve("000009.sst")).doesNotExist();
        assertThat(Restore.unfinished(data)).isFalse();
        assertThat(root.resolve("data.restoring")).doesNotExist();
        assertThat(root.resolve("data.replaced")).doesNotExist();
    }

    @Test
    void restoresTheCheckpointAndLeavesItIntact() throws Exception {
        Path data = data();
        Restore.restore(checkpoint(), data, ProgressReport.logOnly());
        assertRestored(data);
        assertThat(root.resolve("checkpoints/h40/sub/CURRENT")).hasContent("at 40");
    }

    @Test
    void aPartlyBuiltCopyIsBuiltAgain() throws Exception {
        Path data = data();
        Files.createDirectories(root.resolve("data.restoring"));
        Files.writeString(root.resolve("data.restoring/junk"), "half");
        assertThat(Restore.unfinished(data)).isTrue();
        Restore.restore(checkpoint(), data, ProgressReport.logOnly());
        assertRestored(data);
        assertThat(data.resolve("junk")).doesNotExist();
    }

    @Test
    void aKillAfterTheDataWasMovedAwayCompletes() throws Exception {
        Path cp = checkpoint();
        Path data = data();
        TreeCopy.copy(cp, root.resolve("data.restoring"), true, 0, TreeCopy.Progress.NONE);
        Files.createFile(root.resolve("data.restoring").resolve(Restore.COMPLETE));
        Files.move(data, root.resolve("data.replaced"));
        Restore.restore(cp, data, ProgressReport.logOnly());
        assertRestored(data);
    }

    @Test
    void aKillAfterTheSwapCompletes() throws Exception {
        Path cp = checkpoint();
        Path data = data();
        Files.move(data, root.resolve("data.replaced"));
        TreeCopy.copy(cp, data, true, 0, TreeCopy.Progress.NONE);
        Files.createFile(data.resolve(Restore.COMPLETE));
        assertThat(Restore.unfinished(data)).isTrue();
        Restore.restore(cp, data, ProgressReport.logOnly());
        assertRestored(data);
    }
}
