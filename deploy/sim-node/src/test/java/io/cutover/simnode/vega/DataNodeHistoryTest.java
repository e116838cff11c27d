package io.cutover.simnode.vega;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code datanode network-history latest-history-segment}, as Visor asks it before a crash restart. */
class DataNodeHistoryTest {

    @TempDir
    Path home;

    @Test
    void answersNoSegmentUntilTheDataNodeRecordedOneThenItsHeight() throws Exception {
        String[] command = {"datanode", "network-history", "latest-history-segment", "--output=json", "--home", home.toString(), "--output",
            "json"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(VegaCore.run(command, new PrintStream(out), new PrintStream(err))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no history segments found");

        Files.writeString(home.resolve(DataNode.SEGMENT_FILE), "30");
        out.reset();
        assertThat(VegaCore.run(command, new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"to_height\":30");
    }
}
