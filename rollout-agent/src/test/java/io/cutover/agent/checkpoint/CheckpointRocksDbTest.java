package io.cutover.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;


/**
 * A checkpoint of a real LSM store: keys written, the store closed (the node halted), checkpointed;
 * then more keys written, some deleted, the store compacted (its table files replaced); the
 * checkpoint restored; the store reads exactly the keys it had at the checkpoint.
 */
class CheckpointRocksDbTest {

    @TempDir
    Path root;

    @BeforeAll
    static void loadRocksDb() {
        RocksDB.loadLibrary();
    }

    @ParameterizedTest
    @EnumSource(value = CheckpointStrategy.class, names = {"LINK", "COPY", "REFLINK"})
    void aRestoredCheckpointReadsExactlyTheKeysItHad(CheckpointStrategy strategy) throws Exception {
        Path data = root.resolve("data");
        TreeMap<String, String> atCheckpoint = new TreeMap<>();
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, data.toString())) {
            for (int batch = 0; batch < 3; batch++) {
                for (int i = 0; i < 2_000; i++) {
                    String key = String.format("key-%06d", batch * 2_000 + i);
                    put(db, key, "v0-" + key, atCheckpoint);
                }
                db.flush(new FlushOptions().setWaitForFlush(true)); // table files on disk
            }
            put(db, "only-in-the-log", "unflushed", atCheckpoint); // in the write-ahead log, not yet in a table
        }

        CheckpointSettings settings = new CheckpointSettings(Optional.of(strategy), Optional.of(data), root.resolve("checkpoints"), 2, true,
                CheckpointSettings.ALLOW_WITHOUT, false, 0, CheckpointSettings.Naming.HEIGHT_AND_RELEASE);
        Checkpointer.Outcome outcome = new Checkpointer(settings, CheckpointLedger.inMemory(), Clock.systemUTC(), ProgressReport.logOnly())
                .take(40, "v1.0.0");
        assertThat(outcome).isInstanceOf(Checkpointer.Taken.class);
        CheckpointRecord taken = ((Checkpointer.Taken) outcome).record();
        if (strategy == CheckpointStrategy.LINK) {
            assertThat(taken.linkedFiles()).as("the table files are linked").isGreaterThanOrEqualTo(3);
        }

        try (Options options = new Options(); RocksDB db = RocksDB.open(options, data.toString())) {
            for (int i = 0; i < 3_000; i++) {
                db.put(bytes(String.format("key-%06d", i)), bytes("v1-changed"));
                db.put(bytes(String.format("later-%06d", i)), bytes("after the checkpoint"));
            }
            db.delete(bytes("key-005999"));
            db.delete(bytes("only-in-the-log"));
            db.flush(new FlushOptions().setWaitForFlush(true));
            db.compactRange(); // every table file of the checkpoint replaced and deleted from the data folder
        }

        Restore.restore(Path.of(taken.folder()), data, ProgressReport.logOnly());

        try (Options options = new Options(); RocksDB db = RocksDB.open(options, data.toString())) {
            assertThat(contents(db)).isEqualTo(atCheckpoint);
        }
    }

    private static void put(RocksDB db, String key, String value, TreeMap<String, String> model) throws Exception {
        db.put(bytes(key), bytes(value));
        model.put(key, value);
    }

    private static TreeMap<String, String> contents(RocksDB db) {
        TreeMap<String, String> all = new TreeMap<>();
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                all.put(new String(it.key(), StandardCharsets.UTF_8), new String(it.value(), StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
