package io.cutover.simnode.consensus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cutover.simnode.consensus.PeerClient.Answer;
import io.cutover.simnode.consensus.Validators.Validator;

/**
 * One node's part in the simulated chain: a simulation of liveness and agreement, not a BFT
 * protocol (see deploy/sim-node/README.md, "Consensus model"). The proposer of block h+1 is chosen
 * by rotation over the validators, moving on to the next one every round timeout; it asks its peers
 * for votes and commits when the voters carry more than 2/3 of the power, then pushes the block. A
 * voter votes when it is at h, in sync, not stopped by its application, runs the release in force
 * for h+1 and has not voted for another block h+1 within the round. A node behind its peers fetches
 * the blocks it missed (catching up) before it votes again. With a single validator (no peers
 * file) the node is a chain of one and makes a block every interval, as a lone node always did.
 */
public final class Consensus {

    /** What /status shows of the consensus. */
    public record Status(long height, boolean catchingUp, String latestBlockTime, String validator, long power) {
    }

    private final Validators validators;
    private final Validator self;
    private final List<Validator> peers;
    private final String release;
    private final BlockStore store;
    private final Application app;
    private final long intervalMillis;
    private final long roundMillis;
    private final long startedAt = System.currentTimeMillis();
    private final String instance = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final PrintStream log;
    private final Notes notes;
    private final PeerClient client;

    private long height;
    private boolean catchingUp;
    private boolean stopped;
    private long votedHeight;
    private String votedFor = "";
    private long votedAt;
    private long proposedHeight = -1;
    private long proposedRound = -1;
    private final Map<String, Answer> heads = new LinkedHashMap<>();

    public Consensus(Validators validators, String selfId, String release, Path home, long height, Application app,
            Duration interval, PrintStream log) throws IOException {
        this.validators = validators;
        this.self = validators.find(selfId).orElseThrow(() -> new IllegalArgumentException(
                "--validator " + selfId + " is not in the peers file (it lists " + validators.all().stream().map(Validator::id).toList() + ")"));
        this.peers = validators.all().stream().filter(v -> !v.id().equals(selfId)).toList();
        this.release = release;
        this.store = new BlockStore(home, height);
        this.app = app;
        this.height = height;
        this.intervalMillis = interval.toMillis();
        this.roundMillis = Math.max(3 * intervalMillis, 300);
        this.log = log;
        this.notes = new Notes(log, 2000);
        this.client = new PeerClient(Duration.ofMillis(Math.max(intervalMillis, 250)));
        if (!peers.isEmpty()) {
            log.println("validator " + selfId + " with power " + self.power() + " of " + validators.totalPower() + " on release " + release
                    + "; peers " + peers.stream().map(p -> p.id() + "@" + p.address()).toList());
        }
    }

    public synchronized Status status() {
        Block tip = store.get(height);
        return new Status(height, catchingUp, Instant.ofEpochMilli(tip == null ? startedAt : tip.timeMillis()).toString(), self.id(),
                self.power());
    }

    /** Takes part in the chain until {@link #stop()}. */
    public void runUntilStopped() {
        long nextPoll = 0;
        long tick = Math.max(1, Math.min(intervalMillis / 5, 20));
        while (!isStopped()) {
            if (!peers.isEmpty() && System.currentTimeMillis() >= nextPoll) {
                pollHeads();
                catchUp();
                reportPeers();
                nextPoll = System.currentTimeMillis() + Math.min(intervalMillis, 500);
            }
            propose();
            synchronized (this) {
                if (!stopped) {
                    try {
                        wait(tick);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    // --- proposing ---

    private void propose() {
        Block proposal;
        synchronized (this) {
            if (catchingUp || stopped || app.stopReason() != null) {
                return;
            }
            Block tip = store.get(height);
            long start = Math.max(tip == null ? 0 : tip.timeMillis(), startedAt) + intervalMillis;
            long now = System.currentTimeMillis();
            if (now < start) {
                return;
            }
            long round = peers.isEmpty() ? 0 : (now - start) / roundMillis;
            long next = height + 1;
            if (!validators.proposer(next, round).id().equals(self.id()) || (proposedHeight == next && proposedRound == round)) {
                return;
            }
            proposedHeight = next;
            proposedRound = round;
            String wrong = proposalRefusal(next, release);
            if (wrong != null) {
                notes.note("release", wrong);
                return;
            }
            if (votedHeight == next && !votedFor.equals(self.id()) && now - votedAt < roundMillis) {
                return;
            }
            votedHeight = next;
            votedFor = self.id();
            votedAt = now;
            proposal = new Block(next, Math.max(now, tip == null ? 0 : tip.timeMillis() + 1), release, self.id(), List.of(self.id()));
        }
        List<String> signers = new ArrayList<>(List.of(self.id()));
        List<String> refusals = new ArrayList<>();
        if (!peers.isEmpty()) {
            Map<String, Object> request = new LinkedHashMap<>(proposal.fields());
            request.put("instance", instance);
            for (Answer a : client.callAll(peers, "/consensus/vote", FlatJson.write(request))) {
                String problem = a.ok() ? impostor(a) : a.problem();
                if (problem != null) {
                    refusals.add(a.peer().id() + ": " + problem);
                } else if ("true".equals(a.fields().get("vote"))) {
                    signers.add(a.peer().id());
                } else {
                    refusals.add(a.peer().id() + ": " + a.fields().getOrDefault("reason", "no vote"));
                }
            }
        }
        long power = validators.powerOf(signers);
        if (!validators.isQuorum(power)) {
            notes.note("quorum", "no quorum for block " + proposal.height() + ": votes of " + power + " of " + validators.totalPower()
                    + " power " + signers + " (more than 2/3 = " + validators.quorumPower() + " needed); " + String.join("; ", refusals));
            return;
        }
        Block block = new Block(proposal.height(), proposal.timeMillis(), release, self.id(), signers);
        synchronized (this) {
            if (height != block.height() - 1 || app.stopReason() != null) {
                return;
            }
            apply(block);
        }
        notes.clear("quorum");
        if (!peers.isEmpty()) {
            String body = FlatJson.write(block.fields());
            peers.forEach(p -> client.call(p, "/consensus/commit", body));
        }
    }

    /** Why this node will not propose or vote for a block {@code next} made by {@code proposed}, or null. */
    private String proposalRefusal(long next, String proposed) {
        if (peers.isEmpty()) {
            return null;
        }
        String inForce = inForce(next);
        String chain = inForce != null ? inForce : proposed;
        if (!release.equals(chain)) {
            return wrongRelease(next, chain);
        }
        if (!proposed.equals(chain)) {
            return "refused block " + next + " made by release " + proposed + ": the chain runs " + chain + " at that height";
        }
        return null;
    }

    /** The release in force for block {@code next}: the one told for after the upgrade height, else the release of the block before, null when unknown. */
    private String inForce(long next) {
        long upgrade = app.upgradeHeight();
        if (upgrade > 0 && upgrade == next - 1) {
            return app.releaseAfterUpgrade();
        }
        Block previous = store.get(next - 1);
        return previous == null ? null : previous.release();
    }

    private String wrongRelease(long height, String chain) {
        return "wrong release for height " + height + ": the chain runs " + chain + ", this node runs " + release
                + "; not signing (as on an app-hash mismatch)";
    }

    // --- answering peers ---

    synchronized Map<String, Object> head() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("validator", self.id());
        f.put("instance", instance);
        f.put("height", height);
        f.put("release", release);
        f.put("catching_up", catchingUp);
        f.put("stopped", app.stopReason());
        return f;
    }

    synchronized Map<String, Object> vote(Block p, String proposerInstance) {
        String refusal = voteRefusal(p, proposerInstance);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("validator", self.id());
        f.put("instance", instance);
        f.put("vote", refusal == null);
        if (refusal == null) {
            votedHeight = p.height();
            votedFor = p.proposer();
            votedAt = System.currentTimeMillis();
        } else {
            f.put("reason", refusal);
        }
        return f;
    }

    private String voteRefusal(Block p, String proposerInstance) {
        if (p.proposer().equals(self.id()) && !instance.equals(proposerInstance)) {
            String message = "two nodes claim validator " + self.id() + ": another node proposed block " + p.height() + " as "
                    + self.id() + "; not voting for it";
            notes.note("duplicate", message);
            return message;
        }
        if (validators.find(p.proposer()).isEmpty()) {
            return "proposer " + p.proposer() + " is not a validator of this network";
        }
        if (p.height() <= height) {
            return "already at height " + height;
        }
        if (p.height() > height + 1 || catchingUp) {
            return "catching up: at height " + height;
        }
        String stop = app.stopReason();
        if (stop != null) {
            return stop;
        }
        String wrong = proposalRefusal(p.height(), p.release());
        if (wrong != null) {
            notes.note("release", wrong);
            return wrong;
        }
        if (votedHeight == p.height() && !votedFor.equals(p.proposer()) && System.currentTimeMillis() - votedAt < roundMillis) {
            return "already voted for " + votedFor + "'s block " + p.height();
        }
        return null;
    }

    /** A block pushed by its proposer: applied when it is the next one and carries more than 2/3 of the power. */
    synchronized String receive(Block b) {
        if (b.height() != height + 1) {
            return b.height() <= height ? "already at height " + height : "behind: at height " + height;
        }
        return accept(b);
    }

    /** Checks a committed block for the next height and applies it; null when applied, else why not. */
    private String accept(Block b) {
        long power = validators.powerOf(b.signers());
        if (!validators.isQuorum(power)) {
            String message = "ignored block " + b.height() + " from " + b.proposer() + ": its signers " + b.signers() + " hold " + power
                    + " of " + validators.totalPower() + " power, not more than 2/3";
            notes.note("forged", message);
            return message;
        }
        String stop = app.stopReason();
        if (stop != null) {
            notes.note("stopped", "the chain committed block " + b.height() + " on release " + b.release() + "; this node takes no block: "
                    + stop);
            return stop;
        }
        if (!peers.isEmpty() && !b.release().equals(release)) {
            String message = wrongRelease(b.height(), b.release());
            notes.note("release", message);
            return message;
        }
        apply(b);
        return null;
    }

    private void apply(Block b) {
        store.add(b);
        height = b.height();
        notes.clear("release");
        notes.clear("stopped");
        app.commit(b);
    }

    synchronized List<Block> blocks(long from, int max) {
        return store.from(from, max);
    }

    // --- watching peers ---

    private void pollHeads() {
        List<Answer> answers = client.callAll(peers, "/consensus/head", null);
        synchronized (this) {
            heads.clear();
            for (Answer a : answers) {
                String problem = a.ok() ? impostor(a) : a.problem();
                if (problem == null) {
                    try {
                        Long.parseLong(a.fields().get("height"));
                    } catch (NumberFormatException e) {
                        problem = "answered garbage to /consensus/head: no height in " + a.fields();
                    }
                }
                if (problem != null && !problem.startsWith("unreachable")) {
                    notes.note("peer-" + a.peer().id(), "peer " + a.peer().id() + " at " + a.peer().address() + " " + problem
                            + "; its power is not counted");
                }
                heads.put(a.peer().id(), problem == null ? a : new Answer(a.peer(), Map.of(), problem));
            }
        }
    }

    /** Why an answer does not come from the validator the peers file lists at its address, or null. */
    private String impostor(Answer a) {
        String claimed = a.fields().get("validator");
        if (claimed == null) {
            return "answered garbage: no validator id in " + a.fields();
        }
        if (claimed.equals(self.id()) && instance.equals(a.fields().get("instance"))) {
            return "is this node itself: the peers file lists this node's own address as " + a.peer().id();
        }
        if (claimed.equals(self.id())) {
            String message = "two nodes claim validator " + self.id() + ": this one and the node at " + a.peer().address()
                    + " (listed as " + a.peer().id() + ")";
            notes.note("duplicate", message);
            return message;
        }
        if (!claimed.equals(a.peer().id())) {
            return "answers as validator " + claimed + ", but the peers file lists " + a.peer().address() + " as " + a.peer().id();
        }
        return null;
    }

    private void catchUp() {
        while (!isStopped()) {
            Answer ahead;
            long from;
            synchronized (this) {
                ahead = heads.values().stream().filter(Answer::ok)
                        .filter(a -> Long.parseLong(a.fields().get("height")) > height)
                        .max(java.util.Comparator.comparingLong(a -> Long.parseLong(a.fields().get("height")))).orElse(null);
                if (ahead == null || app.stopReason() != null) {
                    if (catchingUp) {
                        catchingUp = false;
                        log.println(ahead == null ? "caught up at height " + height : "stopped catching up at height " + height);
                    }
                    if (ahead != null) {
                        notes.note("stopped", "peer " + ahead.peer().id() + " is at height " + ahead.fields().get("height")
                                + "; this node takes no block: " + app.stopReason());
                    }
                    return;
                }
                if (!catchingUp) {
                    catchingUp = true;
                    log.println("catching up from height " + height + " to " + ahead.fields().get("height") + " from " + ahead.peer().id());
                }
                from = height + 1;
            }
            Answer answer = client.call(ahead.peer(), "/consensus/blocks?from=" + from, null).join();
            if (!answer.ok() || !applyFetched(answer, from)) {
                synchronized (this) {
                    catchingUp = false;
                }
                return;
            }
        }
    }

    /** Applies fetched blocks from {@code from} on; false when none could be applied (a gap, garbage, a wrong release). */
    private synchronized boolean applyFetched(Answer answer, long from) {
        long before = height;
        for (String line : answer.fields().get("lines").split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Block b;
            try {
                b = Block.parseLine(line);
            } catch (IllegalArgumentException e) {
                notes.note("peer-" + answer.peer().id(), "peer " + answer.peer().id() + " answered garbage to /consensus/blocks: " + e.getMessage());
                break;
            }
            if (b.height() != height + 1 || accept(b) != null) {
                break;
            }
        }
        if (height == before) {
            notes.note("sync-" + answer.peer().id(), "cannot catch up from " + answer.peer().id() + " at height " + from
                    + ": it sent no block that this node can take");
        }
        return height > before;
    }

    private void reportPeers() {
        String stop;
        long online;
        List<String> others = new ArrayList<>();
        long at;
        synchronized (this) {
            stop = app.stopReason();
            if (catchingUp || stop != null) {
                return;
            }
            at = height;
            online = self.power();
            for (Validator p : peers) {
                Answer a = heads.get(p.id());
                if (a == null || !a.ok()) {
                    others.add(p.id() + " " + (a == null ? "not asked yet" : a.problem()));
                    continue;
                }
                Map<String, String> f = a.fields();
                boolean counts = Long.parseLong(f.get("height")) == height && release.equals(f.get("release"))
                        && f.get("stopped") == null && !"true".equals(f.get("catching_up"));
                if (counts) {
                    online += p.power();
                } else {
                    others.add(p.id() + " at height " + f.get("height") + " on " + f.get("release")
                            + ("true".equals(f.get("catching_up")) ? ", catching up" : "")
                            + (f.get("stopped") == null ? "" : ", " + f.get("stopped")));
                }
            }
        }
        if (validators.isQuorum(online)) {
            if (notes.clear("waiting")) {
                log.println("peers back at height " + at + ": " + online + " of " + validators.totalPower() + " power online on " + release);
            }
            return;
        }
        notes.note("waiting", "waiting for peers at height " + at + ": " + online + " of " + validators.totalPower() + " power online at this"
                + " height on " + release + " (more than 2/3 = " + validators.quorumPower() + " needed); " + String.join("; ", others));
    }
}
