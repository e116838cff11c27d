package io.cutover.simnode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The chain of a simulated node: one block per interval from the height persisted in its home,
 * halting exactly at a requested height. Once halted it produces nothing more but keeps running
 * (and serving its status) until it is stopped, as a Vega node waits for its supervisor.
 */
final class Node {

    static final String HEIGHT_FILE = "height";
    /** The requested halt height survives a restart of the node, as an upgrade in a real node's state does. */
    static final String HALT_FILE = "halt-height";
    static final String TIMELINE_FILE = "timeline.log";

    private final String version;
    private final Path heightFile;
    private final Path haltFile;
    private final Duration blockInterval;
    private final PrintStream log;
    private long height;
    private long haltHeight;
    private boolean halted;
    private boolean stopped;

    Node(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, PrintStream log) throws IOException {
        this.version = version;
        this.blockInterval = blockInterval;
        this.log = log;
        Files.createDirectories(home);
        this.heightFile = home.resolve(HEIGHT_FILE);
        this.haltFile = home.resolve(HALT_FILE);
        long persisted = Files.exists(heightFile) ? Long.parseLong(Files.readString(heightFile).trim()) : 0;
        this.height = snapshotHeight.orElse(persisted);
        if (snapshotHeight.isPresent()) {
            log.println("loaded snapshot at height " + height + " (persisted height was " + persisted + ")");
            Files.deleteIfExists(haltFile);
        } else if (Files.exists(haltFile)) {
            haltHeight = Long.parseLong(Files.readString(haltFile).trim());
            log.println("will halt at height " + haltHeight + " (requested before a restart)");
            if (height >= haltHeight) {
                halt();
            }
        }
        persist();
    }

    /** Produces blocks until {@link #stop()}; returns afterwards. */
    void runUntilStopped() {
        long next = System.nanoTime() + blockInterval.toNanos();
        synchronized (this) {
            while (!stopped) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        wait(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
                next = System.nanoTime() + blockInterval.toNanos();
                if (!halted) {
                    produceBlock();
                }
            }
        }
    }

    private void produceBlock() {
        height++;
        persist();
        log.println("block " + height + " committed by " + version);
        if (haltHeight > 0 && height >= haltHeight) {
            halt();
        }
    }

    private void halt() {
        halted = true;
        long now = System.currentTimeMillis();
        log.println("halted at height " + height + " at " + now);
        timeline("halted " + height + " " + now);
    }

    /** Appends to home/timeline.log: the moments the switchover benchmark measures between. */
    void timeline(String line) {
        try {
            Files.writeString(heightFile.resolveSibling(TIMELINE_FILE), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.println("cannot write the timeline: " + e);
        }
    }

    /**
     * Asks the node to halt once {@code requested} is committed; 0 clears a pending halt.
     * Refused when the chain is already past that height.
     */
    synchronized HaltAnswer requestHalt(long requested) {
        if (requested == 0) {
            haltHeight = 0;
            write(haltFile, "0");
            if (halted) {
                halted = false;
                log.println("halt cleared, resuming at height " + height);
            }
            return new HaltAnswer(true, "halt cleared");
        }
        if (requested < height) {
            return new HaltAnswer(false, "height " + requested + " has passed, latest block is " + height);
        }
        haltHeight = requested;
        write(haltFile, Long.toString(requested));
        log.println("will halt at height " + requested);
        if (height == requested && !halted) {
            halt();
        }
        return new HaltAnswer(true, "will halt at height " + requested);
    }

    synchronized Status status() {
        return new Status(version, height, halted, haltHeight);
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private void persist() {
        write(heightFile, Long.toString(height));
    }

    private static void write(Path file, String value) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, value, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    record Status(String version, long height, boolean halted, long haltHeight) {
    }

    record HaltAnswer(boolean accepted, String message) {
    }
}
