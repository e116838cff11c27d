package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The stand-in data node, sharing the core's home: it registers its pid in {@code datanode.pid}
 * and, when the core writes {@link CoreChain#STARTED_FILE} (the protocol upgrade started at H),
 * answers with {@link #READY_FILE} = H, as the real data node sends ProtocolUpgradeDataNodeReady.
 * The core waits for that answer only while a data node runs.
 */
final class DataNode {

    static final String PID_FILE = "datanode.pid";
    static final String READY_FILE = "datanode-ready";
    /** The height of the data node's latest network-history segment (one every {@link CoreChain#SNAPSHOT_INTERVAL} blocks). */
    static final String SEGMENT_FILE = "history-segment";

    private DataNode() {
    }

    /** Runs until the process is stopped. */
    static void run(Path home, PrintStream out) throws IOException {
        Files.createDirectories(home);
        CoreChain.write(home.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
        String answered = read(home.resolve(READY_FILE)).orElse("");
        while (true) {
            long height = read(home.resolve(CoreChain.HEIGHT_FILE)).map(Long::parseLong).orElse(0L);
            long segment = height / CoreChain.SNAPSHOT_INTERVAL * CoreChain.SNAPSHOT_INTERVAL;
            if (segment > 0 && !read(home.resolve(SEGMENT_FILE)).orElse("").equals(Long.toString(segment))
                    && Files.exists(home.resolve("snapshot-" + segment))) {
                CoreChain.write(home.resolve(SEGMENT_FILE), Long.toString(segment));
            }
            Optional<String> started = read(home.resolve(CoreChain.STARTED_FILE));
            if (started.isPresent() && !started.get().equals(answered)) {
                answered = started.get();
                CoreChain.write(home.resolve(READY_FILE), answered);
                out.println("data node: events up to height " + answered + " processed; ready for the protocol upgrade");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * {@code datanode network-history latest-history-segment}: {@code {"LatestSegment":{"to_height":N}}},
     * or "no history segments found" (exit 1) before the first segment.
     */
    static int latestSegment(Path home, PrintStream out, PrintStream err) {
        Optional<String> segment = read(home.resolve(SEGMENT_FILE));
        if (segment.isEmpty()) {
            err.println("no history segments found");
            return 1;
        }
        out.println("{\"LatestSegment\":{\"from_height\":" + Math.max(1, Long.parseLong(segment.get()) - CoreChain.SNAPSHOT_INTERVAL + 1)
                + ",\"to_height\":" + segment.get() + ",\"history_segment_id\":\"stand-in-" + segment.get() + "\"}}");
        return 0;
    }

    /** Blocks until the data node that runs (if any) has answered for height {@code h}. */
    static void awaitReady(Path home, long h, PrintStream log) {
        boolean logged = false;
        while (true) {
            Optional<ProcessHandle> dataNode = read(home.resolve(PID_FILE)).flatMap(pid -> {
                try {
                    return ProcessHandle.of(Long.parseLong(pid));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }).filter(ProcessHandle::isAlive);
            if (dataNode.isEmpty()) {
                if (logged) {
                    log.println("the data node stopped before it was ready for the protocol upgrade at height " + h + "; not waiting for it");
                }
                return;
            }
            if (read(home.resolve(READY_FILE)).orElse("").equals(Long.toString(h))) {
                log.println("the data node is ready for the protocol upgrade at height " + h);
                return;
            }
            if (!logged) {
                log.println("waiting for the data node (pid " + dataNode.get().pid() + ") to reach height " + h);
                logged = true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
