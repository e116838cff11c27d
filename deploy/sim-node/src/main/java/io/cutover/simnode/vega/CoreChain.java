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

import io.cutover.simnode.consensus.Application;
import io.cutover.simnode.consensus.Block;
import io.cutover.simnode.consensus.Consensus;
import io.cutover.simnode.consensus.Validators;

/**
 * The application of the stand-in Vega core, following the core's protocol-upgrade engine. The
 * accepted upgrade ("tag height" in {@code <home>/accepted-upgrade}, the lever with which a test
 * makes the chain accept or drop a proposal) is read at every BeginBlock; at block H the core takes
 * a snapshot ({@code <home>/snapshot-H}) and commits H. At the start of H+1 it takes no more block,
 * stops its CometBFT RPC, waits for its data node (when one runs) and only then reports
 * {@code ReadyToUpgrade}. Restarted at H without {@code --snapshot.load-from-block-height} it
 * loads its latest snapshot, H, and takes no block after it, never ready again.
 *
 * <p>Started with {@code --snapshot.load-from-block-height H} (any release: the new one after the
 * upgrade, or the one before it when the validators return to it) it goes on past H. As in the core,
 * the snapshot at H holds the accepted proposal but no active one (the engine's Cleanup ran before
 * it was taken): the core reports the accepted release at H until its first block past the snapshot,
 * whose BeginBlock finds no accepted proposal. That block is made by whichever release more than 2/3
 * of the power runs: the chain agrees on app hashes, not on release tags, so a hot-fix of the
 * accepted release, or the release before it, makes H+1 as well as the accepted release does.
 */
final class CoreChain implements Application {

    static final String HEIGHT_FILE = "height";
    static final String ACCEPTED_FILE = "accepted-upgrade";
    static final String TIMELINE_FILE = "timeline.log";
    /** The height of the last snapshot a release was started from: upgrades at or below it have happened. */
    static final String UPGRADED_FILE = "upgraded-through";
    /** "H": written when the protocol upgrade starts at H; the data node answers in {@link DataNode#READY_FILE}. */
    static final String STARTED_FILE = "protocol-upgrade-started";
    /** A release tag: the core of that release takes no block, as a core whose peers are away (a test's lever). */
    static final String HOLD_FILE = "hold-blocks";
    /** Besides the upgrade snapshot, the core snapshots every this many blocks (a crashed core can restart from there). */
    static final long SNAPSHOT_INTERVAL = 10;

    /** The core's UpgradeStatus; {@code tag == null} before the first BeginBlock (AcceptedReleaseInfo null). */
    record UpgradeStatus(String tag, long upgradeHeight, boolean readyToUpgrade) {
    }

    private final String version;
    private final Path home;
    private final PrintStream log;
    private final long readEveryMillis;
    private final Consensus consensus;
    private long height;
    private boolean begun;
    private String acceptedTag = "";
    private long acceptedHeight;
    private long acceptedReadAt;
    private long upgradedThrough;
    /** Set when the upgrade at H started in this process (CometBFT stopped, then ReadyToUpgrade). */
    private boolean upgradeStarted;
    private boolean ready;
    /** Restarted at H after the upgrade there started: this release takes no block after H. */
    private String restartedAtUpgrade;
    /** Loaded from the snapshot of an upgrade: the accepted release it holds, reported until the first block past it. */
    private UpgradeStatus loadedUpgrade;
    /** A release baked to panic past its start height: it takes no block (its process exits 2 soon after the start). */
    private final boolean panicPastStart;
    private Runnable stopRpc = () -> { };

    CoreChain(String version, Path home, Duration blockInterval, OptionalLong snapshotHeight, Validators validators, String validator,
            boolean panicPastStart, PrintStream log) throws IOException {
        this.version = version;
        this.panicPastStart = panicPastStart;
        this.home = home;
        this.log = log;
        this.readEveryMillis = Math.max(10, blockInterval.toMillis() / 2);
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
        String[] accepted = rawAccepted();
        if (snapshotHeight.isPresent() && accepted.length == 2 && accepted[1].equals(Long.toString(height))) {
            loadedUpgrade = new UpgradeStatus(accepted[0], height, false);
        }
        Path started = home.resolve(STARTED_FILE);
        if (snapshotHeight.isEmpty() && accepted.length == 2 && accepted[1].equals(Long.toString(height)) && height > upgradedThrough
                && Files.exists(home.resolve("snapshot-" + height)) && Files.exists(started)
                && Files.readString(started).trim().equals(Long.toString(height))) {
            restartedAtUpgrade = "the protocol upgrade to " + accepted[0] + " started at height " + height + ": release " + version
                    + " takes no block after it; start " + accepted[0] + " with --snapshot.load-from-block-height " + height;
            log.println("loaded the latest snapshot at height " + height + "; " + restartedAtUpgrade);
        }
        write(home.resolve(HEIGHT_FILE), Long.toString(height));
        this.consensus = new Consensus(validators, validator, version, home, height, this, blockInterval, log);
    }

    Consensus consensus() {
        return consensus;
    }

    /** What to stop when the protocol upgrade starts: the CometBFT RPC. */
    synchronized void onUpgradeStart(Runnable stopRpc) {
        this.stopRpc = stopRpc;
    }

    void runUntilStopped() {
        consensus.runUntilStopped();
    }

    void stop() {
        consensus.stop();
    }

    /** BeginBlock of height+1: read the accepted upgrade; when H was the last block, the protocol upgrade starts instead. */
    @Override
    public synchronized String stopReason() {
        if (holds()) {
            return "waiting for peers (" + HOLD_FILE + " names " + version + ")";
        }
        if (panicPastStart) {
            return "release " + version + " panics past height " + height;
        }
        if (restartedAtUpgrade != null) {
            if (!begun) {
                readAccepted();
                begun = true;
            }
            return restartedAtUpgrade;
        }
        if (upgradeStarted) {
            return "protocol upgrade to " + acceptedTag + " at height " + height + (ready ? ": ready for shutdown" : ": started");
        }
        long now = System.currentTimeMillis();
        if (now - acceptedReadAt >= readEveryMillis) {
            readAccepted();
            acceptedReadAt = now;
        }
        begun = true;
        if (acceptedHeight > 0 && acceptedHeight == height && Files.exists(home.resolve("snapshot-" + height))) {
            upgradeStarted = true;
            Thread upgrade = new Thread(this::protocolUpgrade, "protocol-upgrade");
            upgrade.setDaemon(true);
            upgrade.start();
            return "protocol upgrade to " + acceptedTag + " at height " + height + ": started";
        }
        return null;
    }

    /** As the core's startProtocolUpgrade: stop CometBFT, wait for the data node, then ReadyToUpgrade. */
    private void protocolUpgrade() {
        long at;
        Runnable stop;
        synchronized (this) {
            at = height;
            stop = stopRpc;
            log.println("protocol upgrade to " + acceptedTag + " at height " + at + " started: stopping CometBFT");
        }
        stop.run();
        write(home.resolve(STARTED_FILE), Long.toString(at));
        DataNode.awaitReady(home, at, log);
        synchronized (this) {
            ready = true;
            log.println("protocol upgrade to " + acceptedTag + " at height " + at + ": application is ready for shutdown");
            timeline("ready " + at + " " + System.currentTimeMillis());
        }
    }

    @Override
    public synchronized void commit(Block block) {
        readAccepted();
        height = block.height();
        if (acceptedHeight > 0 && acceptedHeight == height) {
            write(home.resolve("snapshot-" + height), version + "\n");
            log.println("snapshot taken at height " + height + " for the protocol upgrade to " + acceptedTag);
        } else if (height % SNAPSHOT_INTERVAL == 0) {
            write(home.resolve("snapshot-" + height), version + "\n");
        }
        write(home.resolve(HEIGHT_FILE), Long.toString(height));
        timeline("block " + height + " " + System.currentTimeMillis() + " " + version);
        log.println("block " + height + " committed by " + version);
    }

    @Override
    public synchronized long upgradeHeight() {
        return acceptedHeight > 0 ? acceptedHeight : upgradedThrough;
    }

    @Override
    public synchronized String releaseAfterUpgrade() {
        return acceptedHeight > 0 ? acceptedTag : null;
    }

    private boolean holds() {
        try {
            Path file = home.resolve(HOLD_FILE);
            return Files.exists(file) && Files.readString(file).trim().equals(version);
        } catch (IOException e) {
            return false;
        }
    }

    private String[] rawAccepted() {
        Path file = home.resolve(ACCEPTED_FILE);
        try {
            return Files.exists(file) ? Files.readString(file).trim().split("\\s+") : new String[0];
        } catch (IOException e) {
            log.println("cannot read " + file + ": " + e);
            return new String[0];
        }
    }

    private void readAccepted() {
        String[] parts = rawAccepted();
        String tag = "";
        long at = 0;
        if (parts.length == 2) {
            try {
                tag = parts[0];
                at = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                log.println("cannot read " + home.resolve(ACCEPTED_FILE) + ": " + e);
                tag = "";
            }
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
        if (loadedUpgrade != null && height == loadedUpgrade.upgradeHeight()) {
            return loadedUpgrade;
        }
        return begun ? new UpgradeStatus(acceptedTag, acceptedHeight, ready) : new UpgradeStatus(null, 0, false);
    }

    long height() {
        return consensus.status().height();
    }

    void timeline(String line) {
        try {
            Files.writeString(home.resolve(TIMELINE_FILE), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.println("cannot write the timeline: " + e);
        }
    }

    static void write(Path file, String value) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, value, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
