package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The chain of the stand-in Vega core, following the core's protocol-upgrade engine: one block per
 * interval; the accepted upgrade ("tag height" in {@code <home>/accepted-upgrade}, the lever with
 * which a test makes the chain accept or drop a proposal) is read at every BeginBlock; at block H
 * the core takes a snapshot ({@code <home>/snapshot-H}) and commits H; at the start of H+1 it stops
 * producing blocks and only then reports {@code ReadyToUpgrade}. A core restarted at H with the
 * upgrade still accepted stops again at the next BeginBlock.
 */
final class CoreChain {

    static final String HEIGHT_FILE = "height";
    static final String ACCEPTED_FILE = "accepted-upgrade";
    static final String TIMELINE_FILE = "timeline.log";
    /** The height of the last snapshot a release was started from: upgrades at or below it have happened. */
    static final String UPGRADED_FILE = "upgraded-through";

    /** The core's UpgradeStatus; {@code tag == null} before the first BeginBlock (AcceptedReleaseInfo null). */
    record UpgradeStatus(String tag, long upgradeHeight, boolean readyToUpgrade) {
    }

    private final String version;
    private final Path home;
    private final Duration blockInterval;
    private final PrintStream log;
    private long height;
    private boolean begun;
    private String acceptedTag = "";
    private long acceptedHeight;
    private boolean ready;
    private boolean stopped;
    private long upgradedThrough;

    CoreChain(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, PrintStream log) throws IOException {
        this.version = version;
        this.home = home;
        this.blockInterval = blockInterval;
        this.log = log;
        Files.createDirectories(home);
        long persisted = Files.exists(home.resolve(HEIGHT_FILE)) ? Long.parseLong(Files.readString(home.resolve(HEIGHT_FILE)).trim()) : 0;
        if (snapshotHeight.isPresent()) {
            Path snapshot = home.resolve("snapshot-" + snapshotHeight.getAsLong());
            if (!Files.exists(snapshot)) {
                throw new IOException("no snapshot at height " + snapshotHeight.getAsLong() + " in " + home);
            }
            height = snapshotHeight.getAsLong();
            write(home.resolve(UPGRADED_FILE), Long.toString(height));
            log.println("loaded snapshot at height " + height + " (persisted height was " + persisted + ")");
        } else {
            height = persisted;
        }
        Path upgraded = home.resolve(UPGRADED_FILE);
        upgradedThrough = Files.exists(upgraded) ? Long.parseLong(Files.readString(upgraded).trim()) : 0;
        write(home.resolve(HEIGHT_FILE), Long.toString(height));
    }

    /** Produces blocks until {@link #stop()}. */
    void runUntilStopped() {
        long next = System.nanoTime() + blockInterval.toNanos();
        synchronized (this) {
            while (!stopped) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        wait(Math.max(1, wait / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    continue;
                }
                next = System.nanoTime() + blockInterval.toNanos();
                if (!ready) {
                    block();
                }
            }
        }
    }

    /** BeginBlock of height+1: read the accepted upgrade; stop here when H was the last block; else finalize and commit. */
    private void block() {
        begun = true;
        readAccepted();
        if (acceptedHeight > 0 && acceptedHeight == height && Files.exists(home.resolve("snapshot-" + height))) {
            ready = true;
            long now = System.currentTimeMillis();
            log.println("protocol upgrade to " + acceptedTag + " at height " + height + ": application is ready for shutdown");
            timeline("ready " + height + " " + now);
            return;
        }
        height++;
        if (acceptedHeight > 0 && acceptedHeight == height) {
            write(home.resolve("snapshot-" + height), version + "\n");
            log.println("snapshot taken at height " + height + " for the protocol upgrade to " + acceptedTag);
        }
        write(home.resolve(HEIGHT_FILE), Long.toString(height));
        timeline("block " + height + " " + System.currentTimeMillis() + " " + version);
        log.println("block " + height + " committed by " + version);
    }

    private void readAccepted() {
        Path file = home.resolve(ACCEPTED_FILE);
        String tag = "";
        long at = 0;
        try {
            if (Files.exists(file)) {
                String[] parts = Files.readString(file).trim().split("\\s+");
                if (parts.length == 2) {
                    tag = parts[0];
                    at = Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            log.println("cannot read " + file + ": " + e);
        }
        if (at > 0 && (at < height || at <= upgradedThrough)) {
            tag = ""; // that upgrade's height has passed (this release already runs past it): no proposal is accepted
            at = 0;
        }
        if (!tag.equals(acceptedTag) || at != acceptedHeight) {
            log.println(at == 0 ? "no accepted protocol upgrade" : "accepted protocol upgrade to " + tag + " at height " + at);
        }
        acceptedTag = tag;
        acceptedHeight = at;
    }

    synchronized UpgradeStatus upgradeStatus() {
        return begun ? new UpgradeStatus(acceptedTag, acceptedHeight, ready) : new UpgradeStatus(null, 0, false);
    }

    synchronized long height() {
        return height;
    }

    synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    void timeline(String line) {
        try {
            Files.writeString(home.resolve(TIMELINE_FILE), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.println("cannot write the timeline: " + e);
        }
    }

    private static void write(Path file, String value) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, value, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
