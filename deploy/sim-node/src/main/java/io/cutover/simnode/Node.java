package io.cutover.simnode;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

import io.cutover.simnode.consensus.Application;
import io.cutover.simnode.consensus.Block;
import io.cutover.simnode.consensus.Consensus;
import io.cutover.simnode.consensus.Validators;

/**
 * The application of a simulated node: it persists the height of every block the chain commits and
 * halts exactly at a requested height. Once halted it takes no block but keeps running (and
 * serving its status) until it is stopped, as a Vega node waits for its supervisor. The blocks
 * come from {@link Consensus}: a chain of one without peers, the network's chain with them.
 */
final class Node implements Application {

    static final String HEIGHT_FILE = "height";
    /** "H [release]": the requested halt survives a restart of the node, as an upgrade in a real node's state does. */
    static final String HALT_FILE = "halt-height";
    static final String TIMELINE_FILE = "timeline.log";

    private final String version;
    private final Path heightFile;
    private final Path haltFile;
    private final PrintStream log;
    private final Consensus consensus;
    private long height;
    private long haltHeight;
    private String releaseAfterHalt;
    private long snapshotHeight;
    private boolean halted;
    private final Behaviour behaviour;

    /**
     * @param skipUpgrades   upgrade heights this node goes on past on its own release ({@code --unsafe-skip-upgrades})
     * @param panicPastStart the release takes no block past its start height (it panics there)
     */
    record Behaviour(java.util.Set<Long> skipUpgrades, boolean panicPastStart) {
        static final Behaviour NORMAL = new Behaviour(java.util.Set.of(), false);
    }

    /** A chain of one. */
    Node(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, PrintStream log) throws IOException {
        this(version, home, blockInterval, snapshotHeight, Validators.solo("self", 0), "self", log);
    }

    Node(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, Validators validators, String validator,
            PrintStream log) throws IOException {
        this(version, home, blockInterval, snapshotHeight, validators, validator, Behaviour.NORMAL, log);
    }

    Node(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, Validators validators, String validator,
            Behaviour behaviour, PrintStream log) throws IOException {
        this.version = version;
        this.behaviour = behaviour;
        this.log = log;
        Files.createDirectories(home);
        this.heightFile = home.resolve(HEIGHT_FILE);
        this.haltFile = home.resolve(HALT_FILE);
        long persisted = Files.exists(heightFile) ? Long.parseLong(Files.readString(heightFile).trim()) : 0;
        this.height = snapshotHeight.orElse(persisted);
        readHaltFile();
        if (haltHeight > 0 && behaviour.skipUpgrades().contains(haltHeight)) {
            log.println("the upgrade at height " + haltHeight + (releaseAfterHalt == null ? "" : " to " + releaseAfterHalt)
                    + " is skipped (--unsafe-skip-upgrades): the chain goes on with " + version);
            haltHeight = 0;
            releaseAfterHalt = null;
            write(haltFile, "0");
        }
        haltHeight = 0;
        releaseAfterHalt = null;
        if (snapshotHeight.isPresent()) {
            this.snapshotHeight = behaviour.skipUpgrades().contains(height) ? 0 : height;
            readHaltFile();
            if (haltHeight != height) {
                releaseAfterHalt = null; // told for another upgrade height
            }
            log.println("loaded snapshot at height " + height + " (persisted height was " + persisted + ")"
                    + (releaseAfterHalt == null ? "" : "; the chain runs " + releaseAfterHalt + " after it"));
            haltHeight = 0;
            Files.deleteIfExists(haltFile);
        } else if (Files.exists(haltFile)) {
            readHaltFile();
            if (haltHeight > 0) {
                log.println("will halt at height " + haltHeight + " (requested before a restart)");
                if (height >= haltHeight) {
                    halt();
                }
            }
        }
        write(heightFile, Long.toString(height));
        this.consensus = new Consensus(validators, validator, version, home, height, this, blockInterval, log);
    }

    private void readHaltFile() throws IOException {
        if (Files.exists(haltFile)) {
            String[] parts = Files.readString(haltFile).trim().split("\\s+");
            haltHeight = Long.parseLong(parts[0]);
            releaseAfterHalt = parts.length > 1 ? parts[1] : null;
        }
    }

    Consensus consensus() {
        return consensus;
    }

    /** Takes part in the chain until {@link #stop()}; returns afterwards. */
    void runUntilStopped() {
        consensus.runUntilStopped();
    }

    @Override
    public synchronized void commit(Block block) {
        height = block.height();
        write(heightFile, Long.toString(height));
        log.println("block " + height + " committed by " + version);
        if (haltHeight > 0 && height >= haltHeight) {
            halt();
        }
    }

    @Override
    public synchronized String stopReason() {
        if (behaviour.panicPastStart()) {
            return "release " + version + " panics past height " + height;
        }
        return halted ? "halted at height " + height + " for the upgrade" : null;
    }

    @Override
    public synchronized long upgradeHeight() {
        return haltHeight > 0 ? haltHeight : snapshotHeight;
    }

    @Override
    public synchronized String releaseAfterUpgrade() {
        return releaseAfterHalt;
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
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.println("cannot write the timeline: " + e);
        }
    }

    /**
     * Asks the node to halt once {@code requested} is committed, with the release in force after it
     * when known (null: whatever release more than 2/3 of the power runs); 0 clears a pending halt.
     * Refused when the chain is already past that height.
     */
    synchronized HaltAnswer requestHalt(long requested, String releaseAfter) {
        if (requested == 0) {
            haltHeight = 0;
            releaseAfterHalt = null;
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
        if (behaviour.skipUpgrades().contains(requested)) {
            return new HaltAnswer(false, "the upgrade at height " + requested + " is skipped (--unsafe-skip-upgrades)");
        }
        haltHeight = requested;
        releaseAfterHalt = releaseAfter;
        write(haltFile, requested + (releaseAfter == null ? "" : " " + releaseAfter));
        log.println("will halt at height " + requested + (releaseAfter == null ? "" : "; the chain runs " + releaseAfter + " after it"));
        if (height == requested && !halted) {
            halt();
        }
        return new HaltAnswer(true, "will halt at height " + requested);
    }

    Status status() {
        Consensus.Status c = consensus.status();
        synchronized (this) {
            return new Status(version, c.height(), halted, haltHeight, c);
        }
    }

    void stop() {
        consensus.stop();
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

    record Status(String version, long height, boolean halted, long haltHeight, Consensus.Status consensus) {
    }

    record HaltAnswer(boolean accepted, String message) {
    }
}
