package io.cutover.agent.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import io.cutover.testing.TestFiles;

/**
 * Not a timed test: prints figures, asserts nothing about time. Checkpoint time and extra disk,
 * {@code link} against {@code copy}, on RocksDB data folders of 1 GiB and of the largest size the
 * disk allows up to 10 GiB (data plus a full copy plus 10 GiB kept free), in one run:
 * {@code ./mvnw -o -pl rollout-agent -am test -Dtest=CheckpointBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dcheckpoint.gib=1,4} chooses the sizes). Each folder is written afresh, incompressible
 * values, default RocksDB options but no compression; the copy reads files the write just left in
 * the page cache, so it is the copy's best case.
 */
class CheckpointBenchmark {

    private static final long GIB = 1L << 30;

    @Test
    void linkAgainstCopy() throws Exception {
        RocksDB.loadLibrary();
        Path root = TestFiles.directory("checkpoint-benchmark");
        List<String> lines = new ArrayList<>();
        for (long gib : sizes(root)) {
            Path data = root.resolve("data-" + gib);
            long wrote = System.nanoTime();
            fill(data, gib * GIB);
            TreeCopy.Size size = TreeCopy.sizeOf(data);
            System.out.printf("CHECKPOINT-DATA %d GiB: %d files, %,d bytes, %,d in %d table files, non-table %,d bytes (written in %d s)%n",
                    gib, size.files(), size.bytes(), size.tableBytes(), size.tableFiles(), size.bytes() - size.tableBytes(),
                    (System.nanoTime() - wrote) / 1_000_000_000L);
            long[] millis = new long[2];
            int i = 0;
            for (CheckpointStrategy strategy : new CheckpointStrategy[] {CheckpointStrategy.LINK, CheckpointStrategy.COPY}) {
                Path folder = root.resolve("checkpoints-" + gib + "-" + strategy.key());
                CheckpointSettings settings = new CheckpointSettings(Optional.of(strategy), Optional.of(data), folder, 1, true,
                        CheckpointSettings.ALLOW_WITHOUT, false, 0, CheckpointSettings.Naming.HEIGHT_AND_RELEASE);
                long freeBefore = Files.getFileStore(root).getUsableSpace();
                Checkpointer.Outcome outcome = new Checkpointer(settings, CheckpointLedger.inMemory(), Clock.systemUTC(),
                        ProgressReport.logOnly()).take(100, "v1");
                long freeAfter = Files.getFileStore(root).getUsableSpace();
                CheckpointRecord r = ((Checkpointer.Taken) outcome).record();
                millis[i++] = Math.max(1, r.millis());
                String line = String.format("CHECKPOINT %d GiB %s: %,d ms, extra disk %,d bytes written (free space fell by %,d), %d of %d"
                        + " files linked; non-table files %,d bytes", gib, strategy.key(), r.millis(), r.copiedBytes(),
                        freeBefore - freeAfter, r.linkedFiles(), r.files(), size.bytes() - size.tableBytes());
                System.out.println(line);
                lines.add(line);
                TreeCopy.deleteTree(folder);
            }
            String ratio = String.format("CHECKPOINT %d GiB: link is %.0fx faster than copy", gib, (double) millis[1] / millis[0]);
            System.out.println(ratio);
            lines.add(ratio);
            TreeCopy.deleteTree(data);
        }
        TreeCopy.deleteTree(root);
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    /** 1 GiB and the largest size up to 10 GiB for which the data and a full copy leave 10 GiB free. */
    private static List<Long> sizes(Path root) throws Exception {
        String chosen = System.getProperty("checkpoint.gib", "");
        if (!chosen.isBlank()) {
            return java.util.Arrays.stream(chosen.split(",")).map(String::trim).map(Long::parseLong).toList();
        }
        long free = Files.getFileStore(root).getUsableSpace();
        long largest = Math.min(10, (free - 10 * GIB) / (2 * GIB) - 1);
        return largest > 1 ? List.of(1L, largest) : List.of(1L);
    }

    /** A RocksDB folder of about {@code bytes}: incompressible 16 KiB values, no write-ahead log, flushed and closed. */
    private static void fill(Path data, long bytes) throws Exception {
        Random random = new Random(26);
        byte[] value = new byte[16 << 10];
        try (Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION)
                .setTargetFileSizeBase(64L << 20).setWriteBufferSize(64L << 20);
                RocksDB db = RocksDB.open(options, data.toString());
                WriteOptions noWal = new WriteOptions().setDisableWAL(true)) {
            long written = 0;
            long key = 0;
            while (written < bytes) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = 0; i < 256; i++) {
                        random.nextBytes(value);
                        batch.put(String.format("key-%012d", key++).getBytes(), value);
                        written += value.length;
                    }
                    db.write(noWal, batch);
                }
            }
            db.flush(new FlushOptions().setWaitForFlush(true));
            // a few small writes after the flush so the folder also has a write-ahead log, as a halted node's has
            for (int i = 0; i < 100; i++) {
                db.put(String.format("tail-%06d", i).getBytes(), value);
            }
        }
    }
}
