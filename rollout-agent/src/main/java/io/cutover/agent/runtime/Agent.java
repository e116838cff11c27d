package io.cutover.agent.runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.cutover.agent.checkpoint.CheckpointSettings;
import io.cutover.agent.checkpoint.CheckpointStep;
import io.cutover.agent.checkpoint.Checkpointer;
import io.cutover.agent.checkpoint.ProgressReport;
import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.PowerBack;
import io.cutover.agent.domain.Rollout;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.domain.StartedRelease;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.messaging.PeerReports;
import io.cutover.agent.node.NodeClient;
import io.cutover.agent.process.ReleaseProcesses;
import io.cutover.agent.process.RestartBudget;
import io.cutover.agent.process.StopPolicy;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The running agent. One control thread applies {@link Rollout#next} to each event, writes
 * state.json when the state changed, reports, and then starts the action of the new phase on a
 * worker thread (halting, switching, starting) or the staging thread. The node's height is polled
 * every {@code [node] pollIntervalMillis}. Targets, the halt point, the stop, the steps before the
 * switch and the new release's arguments come from the {@link UpgradeSource}.
 */
public final class Agent implements AutoCloseable, UpgradeSource.Announcements {

    private static final Logger LOG = Logger.getLogger(Agent.class);
    /** How long a node without a status endpoint must stay up after a switch to count as started. */
    private static final Duration ALIVE_IS_STARTED = Duration.ofSeconds(1);
    private static final Duration EXIT_CALLBACK_WAIT = Duration.ofMillis(500);

    private final AgentHome home;
    private volatile AgentConfig config;
    private final Identity identity;
    private final StateTimeline timeline;
    private final Clock clock;
    private final StateStore store;
    private final NodeClient node;
    private final UpgradeSource source;
    private volatile Stager stager;
    private final ReleaseProcesses processes;
    private final RestartBudget budget;
    private volatile Rollout.Policy policy;
    private final Consumer<RolloutStatus> publisher;
    private final PeerReports peers;
    private final AgentMetrics metrics;
    private final CheckpointStep checkpoints;
    private final RecoveryActions recoveries;

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Events submitted and events applied (state.json written): an ending agent lets the first catch up. */
    private final java.util.concurrent.atomic.AtomicLong submittedEvents = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong appliedEvents = new java.util.concurrent.atomic.AtomicLong();
    private final ExecutorService actions = Executors.newSingleThreadExecutor(named("agent-actions"));
    private final ExecutorService staging = Executors.newSingleThreadExecutor(named("agent-staging"));
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, named("agent-timers"));
    private final Thread control = new Thread(this::controlLoop, "agent-control");
    private final AtomicInteger generation = new AtomicInteger();

    private volatile RolloutState state;
    private volatile long height = -1;
    private volatile long haltObservedNanos;
    /** The faults the node's poll met, each logged once. */
    private final Set<String> pollFaults = ConcurrentHashMap.newKeySet();
    /** The generation whose start is complete (the source was told), and the last one whose first answer the source was told. */
    private volatile int startedGeneration;
    private int answeredGeneration;
    /** How the release started at the upgrade height is doing, in words (reported while STARTING). */
    private volatile String nodeState = "";
    private volatile boolean closed;
    /** Recoveries of failed upgrades reach this agent (Kafka and network.toml): a node stopped at a failed upgrade waits for one. */
    private volatile boolean readsRecoveries;
    private long lastSavedNanos;
    /** The exit code of the node's last exit that the agent did not ask for. */
    private volatile int lastExitCode;
    private volatile boolean lastExitSeen;
    /**
     * Completed with the exit code when the agent's work is over: a source that {@link UpgradeSource#endsWithNode
     * ends with its node} ended, or the agent gave up ({@link #giveUp}).
     */
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();

    /** Wall-clock moments of the last switch (epoch millis): halt observed, new release spawned, its status answering. */
    public record SwitchTiming(long haltObservedMillis, long spawnedMillis, long answeringMillis) {
    }

    private volatile long haltObservedMillis;
    private volatile SwitchTiming lastSwitch;

    public SwitchTiming lastSwitch() {
        return lastSwitch;
    }

    /**
     * Completes with an exit code when the agent's work is over: because its node's is (only for a
     * source that {@link UpgradeSource#endsWithNode ends with its node}): 0 when the node exited 0 or
     * a switch is left for the operator to start, else non-zero (the node's own code when it has one);
     * or because the agent gave up (1, {@link #giveUp}); or 0 when it is closed.
     */
    public CompletableFuture<Integer> ended() {
        return ended;
    }

    private void end(int code, String why) {
        if (source.endsWithNode() && Thread.currentThread() != control) {
            awaitEventsApplied(); // what happened just before the end (a release moved to, say) is in state.json
        }
        if (source.endsWithNode() && ended.complete(code)) {
            LOG.infof("%s: the agent exits with code %d", why, code);
        }
    }

    /** Waits (up to 2 s) until every event submitted so far has been applied. */
    private void awaitEventsApplied() {
        long target = submittedEvents.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (appliedEvents.get() < target && System.nanoTime() < deadline && !closed) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Who the agent reports as: chain, node name, the validator's key, and the release tag of the
     * genesis folder (network.toml's current_release: the release running at genesis).
     */
    public record Identity(String chainId, String nodeName, String validatorKey, String genesisRelease, String host) {

        /** Reporting this machine's host name. */
        public Identity(String chainId, String nodeName, String validatorKey, String genesisRelease) {
            this(chainId, nodeName, validatorKey, genesisRelease, HostName.local());
        }
    }

    public Agent(AgentHome home, AgentConfig config, Identity identity, Clock clock, NodeClient node, UpgradeSource source,
            Consumer<RolloutStatus> publisher, PeerReports peers, AgentMetrics metrics) {
        this.home = home;
        this.config = config;
        this.identity = identity;
        this.clock = clock;
        this.store = new StateStore(home.state());
        this.timeline = new StateTimeline(store);
        this.node = node;
        this.source = source;
        this.stager = new Stager(home, config, io.cutover.core.proposal.Platform.current(), source.releaseLocator());
        this.processes = new ReleaseProcesses(home, new StopPolicy(config.stopDelay(), config.stopSignalTimeout()), source::runConfig);
        this.budget = new RestartBudget(config.maxNumberOfRestarts(), config.node().healthyPeriod(), clock);
        this.policy = new Rollout.Policy(config.maxNumberOfRestarts(), config.rollbackOnFailure(), source.retriesStaging());
        this.publisher = publisher;
        this.peers = peers;
        this.metrics = metrics;
        StateCheckpoints ledger = new StateCheckpoints(store);
        ProgressReport progress = new ProgressReport(this::progress, Duration.ofSeconds(2).toNanos());
        this.checkpoints = new CheckpointStep(new Checkpointer(source.checkpoint(CheckpointSettings.read(home.root()).orThrow()), ledger,
                clock, progress), ledger);
        this.recoveries = new RecoveryActions(home, store, source, stager, processes, checkpoints, progress, this::submit,
                this::startNewRelease);
        metrics.restarts(() -> state == null ? 0 : state.restarts());
    }

    /** Loads state.json (or starts from {@code current}), stops leftovers of a previous agent and resumes. */
    public void start() throws IOException {
        if (!java.nio.file.Files.exists(home.current(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            home.pointCurrentAt(AgentHome.GENESIS);
        }
        RolloutState loaded = store.load().orElse(RolloutState.initial(home.currentRelease(), clock.instant()));
        if (loaded.phase() == Phase.RUNNING && loaded.target() == null && !loaded.runningRelease().equals(home.currentRelease())) {
            LOG.infof("current points at %s, not %s: the node runs %s", home.currentRelease(), loaded.runningRelease(), home.currentRelease());
            loaded = loaded.onRelease(home.currentRelease());
        }
        RolloutState resumed = Rollout.next(loaded, new Event.Resumed(), clock.instant(), policy);
        state = resumed;
        store.save(resumed);
        LOG.infof("agent %s starting in phase %s (release %s%s)", identity.nodeName(), resumed.phase(), resumed.runningRelease(),
                resumed.target() == null ? "" : ", target " + resumed.target().proposalId());
        metrics.phase(resumed.phase());
        processes.stopLeftovers();
        boolean stoppedAtHalt = stoppedAtItsHalt(resumed);
        if (stoppedAtHalt) {
            LOG.infof("the node was stopped at the halt point of %s (height %d) before this start: it stays stopped until %s is"
                    + " staged and switched to (the release before the upgrade is not started again at the height)",
                    resumed.target().proposalId(), resumed.haltedAtHeight(), resumed.target().tag());
        } else if (nodeShouldRun(resumed.phase()) && source.haltPending(resumed.lastSeenHeight())) {
            LOG.info("the node stopped at an upgrade that was not switched yet: switching before it is started");
        } else if (nodeShouldRun(resumed.phase())) {
            startCurrent(UnaryOperator.identity());
        }
        control.start();
        timers.scheduleWithFixedDelay(this::poll, 0, config.node().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::heartbeat, config.heartbeat().toMillis(), config.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        publish(resumed);
        if (!(stoppedAtHalt && resumed.phase() == Phase.HALTING)) {
            enter(resumed, resumed);
        }
        if (resumed.phase() == Phase.HALTING && !resumed.ready()) {
            stage(resumed.target());
        }
    }

    public void submit(Event event) {
        submittedEvents.incrementAndGet();
        events.add(event);
    }

    @Override
    public void announced(Target target) {
        submit(new Event.TargetAnnounced(target));
    }

    @Override
    public void withdrawn(String targetId, long height, String why) {
        LOG.infof("target %s withdrawn: %s", targetId, why);
        submit(new Event.TargetWithdrawn(targetId, height));
    }

    @Override
    public void refused(String targetId, String reason) {
        submit(new Event.TargetRefused(targetId, reason));
    }

    @Override
    public void haltSeen(Target target) {
        submit(new Event.HeightReached(target.height()));
    }

    @Override
    public void releaseInForce(String folder, String why) {
        actions.submit(() -> {
            RolloutState s = state;
            if (closed || s.phase() != Phase.RUNNING || s.target() != null || folder.equals(s.runningRelease())) {
                return;
            }
            LOG.warnf("%s: the node is moved from %s to %s", why, s.runningRelease(), folder);
            source.stopNode(processes);
            try {
                home.pointCurrentAt(folder);
                submit(new Event.ReleaseInForce(folder));
                startCurrent(UnaryOperator.identity());
            } catch (IOException | RuntimeException e) {
                try {
                    home.pointCurrentAt(s.runningRelease());
                    submit(new Event.ReleaseInForce(s.runningRelease()));
                } catch (IOException back) {
                    LOG.errorf("cannot point current back at %s: %s", s.runningRelease(), back.getMessage());
                }
                submit(new Event.NodeCrashed(why + "; " + folder + " cannot be started (" + e.getMessage()
                        + "), and the node is not left on the release of another height", false));
            }
        });
    }

    /**
     * Called once recoveries reach this agent: an agent that ends with its node (Cosmovisor's {@code run})
     * then stays up while its node is stopped at a failed upgrade's height, to apply the recovery.
     */
    public void readRecoveries() {
        readsRecoveries = true;
    }

    @Override
    public void recoveryApproved(io.cutover.agent.domain.RecoveryPlan plan) {
        recoveries.approved(plan, state);
    }

    @Override
    public Optional<Target> pendingTarget() {
        return Optional.ofNullable(state.target());
    }

    @Override
    public long nodeHeight() {
        return Math.max(height, state.lastSeenHeight());
    }

    @Override
    public String runningRelease() {
        return releaseTag(state.runningRelease());
    }

    @Override
    public void atHaltPoint(long at) {
        Phase phase = state.phase();
        if (phase != Phase.STARTING && phase != Phase.RETRYING) {
            submit(new Event.HeightReached(at));
        }
    }

    @Override
    public void giveUp(String reason) {
        LOG.errorf("GIVING UP: %s. Stopping the node; the agent exits with code 1", reason);
        processes.stop();
        ended.complete(1);
    }

    /** The reloaded keys apply from the next stop, restart, retry and staging on. */
    @Override
    public void reconfigure(AgentConfig next) {
        source.reconfigure(next);
        config = next;
        processes.stopPolicy(new StopPolicy(next.stopDelay(), next.stopSignalTimeout()));
        budget.max(next.maxNumberOfRestarts());
        policy = new Rollout.Policy(next.maxNumberOfRestarts(), next.rollbackOnFailure(), source.retriesStaging());
        stager = new Stager(home, next, io.cutover.core.proposal.Platform.current(), source.releaseLocator());
    }

    /** The upgrade source this agent follows. */
    public UpgradeSource source() {
        return source;
    }

    public RolloutState state() {
        return state;
    }

    /** The release tag a release folder holds, as reports name it (the genesis folder by its tag too). */
    private String releaseTag(String folder) {
        return source.releaseTag(folder).orElseGet(() -> StatusView.releaseTag(folder, config.upgradeFolders(), identity.genesisRelease()));
    }

    public long height() {
        return height;
    }

    public RolloutStatus status() {
        return statusOf(state);
    }

    private RolloutStatus statusOf(RolloutState s) {
        RolloutStatus.Builder status = StatusView.of(s, releaseTag(s.runningRelease()), identity.chainId(), identity.nodeName(),
                identity.validatorKey(), height, nodeState, clock.instant()).toBuilder()
                .setRecoveryId(recoveries.currentId()).setHost(identity.host());
        timeline.report().ifPresent(status::setTimeline);
        return status.build();
    }

    /**
     * Resumed before the switch with the node already stopped at its target's halt point: HALTING while
     * staging is retried, or STAGING again after a halt whose release could not be staged. Started
     * again, the release before the upgrade could go past H (a Vega core loads its snapshot at H, whose
     * pending proposals are gone, and goes on), so it is not.
     */
    private static boolean stoppedAtItsHalt(RolloutState s) {
        return haltedAtItsTarget(s) && (s.phase() == Phase.HALTING || s.phase() == Phase.STAGING);
    }

    /** The node was stopped at its target's height (or above). */
    private static boolean haltedAtItsTarget(RolloutState s) {
        return s.target() != null && s.haltedAtHeight() >= s.target().height();
    }

    private static boolean nodeShouldRun(Phase phase) {
        return phase == Phase.RUNNING || phase == Phase.ROLLED_BACK || phase.beforeHalt() || phase == Phase.HALTING;
    }

    private void controlLoop() {
        while (!closed) {
            Event event;
            try {
                event = events.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                apply(event);
            } catch (RuntimeException e) {
                LOG.error("agent control loop error", e);
            } finally {
                appliedEvents.incrementAndGet();
            }
        }
    }

    private void apply(Event event) {
        RolloutState old = state;
        RolloutState next = Rollout.next(old, event, clock.instant(), policy);
        if (next.equals(old)) {
            return;
        }
        timeline.observe(old, event, next, clock.instant());
        boolean changed = !next.withoutHeight().equals(old.withoutHeight());
        if (changed || System.nanoTime() - lastSavedNanos > config.heartbeat().toNanos()) {
            recoveries.beforeSave(event, old, next);
            store.save(next);
            lastSavedNanos = System.nanoTime();
        }
        state = next;
        if (next.phase() != old.phase()) {
            LOG.infof("phase %s -> %s%s%s", old.phase(), next.phase(),
                    next.target() == null ? "" : " (target " + next.target().proposalId() + ")",
                    next.lastError().isEmpty() ? "" : ": " + next.lastError());
            metrics.phase(next.phase());
            publish(next);
            enter(next, old);
            recoveries.stateChanged(next);
        } else if (!next.withoutHeight().equals(old.withoutHeight())) {
            publish(next);
        }
    }

    /** The action of the phase just entered; it runs after state.json recorded the phase. */
    private void enter(RolloutState s, RolloutState old) {
        switch (s.phase()) {
            case SCHEDULED -> {
                source.steerTowards(s.target());
                if (!stagesAtHalt()) {
                    submit(new Event.StagingStarted());
                }
            }
            case STAGING -> stage(s.target());
            case HALTING -> {
                boolean unstaged = old.phase() == Phase.SCHEDULED && !s.ready();
                if (unstaged && !stagesAtHalt()) {
                    stage(s.target()); // the height came before staging began (a chain's target announced at its halt)
                }
                actions.submit(() -> {
                    haltAndStop(s.target());
                    if (unstaged && stagesAtHalt() && !closed) {
                        stage(s.target()); // Visor's and Cosmovisor's order: the download only after the halt
                    }
                });
            }
            case SWITCHING -> actions.submit(this::switchCurrent);
            case STARTING -> {
                if (old.phase() == Phase.SWITCHING && !source.startsAfterSwitch()) {
                    LOG.infof("upgrade detected, DAEMON_RESTART_AFTER_UPGRADE is off. Verify the new release %s and start the agent"
                            + " again: it starts it then.", s.target().tag());
                    end(0, "switched to " + s.target().tag() + " without starting it");
                } else {
                    actions.submit(() -> startNewRelease(s.target(), args -> source.startArgs(s.target(), args)));
                }
            }
            case RECOVERING -> {
                generation.incrementAndGet(); // the failing release's watch ends; its exit is no crash to restart
                actions.submit(recoveries::run);
            }
            case RETRYING -> timers.schedule(() -> submit(new Event.RetryDue()), config.restartsDelay().toMillis(), TimeUnit.MILLISECONDS);
            case ROLLED_BACK -> actions.submit(this::rollBack);
            case RUNNING -> {
                if (Rollout.pendingBeforeHalt(old)) {
                    source.steerClear();
                }
                if (old.phase() == Phase.STARTING && finishedCleanly()) {
                    end(0, "the new release exited with code 0");
                }
            }
            case FAILED -> {
                LOG.errorf("ROLLOUT FAILED for %s: %s", identity.nodeName(), s.lastError());
                if (readsRecoveries && haltedAtItsTarget(s)) {
                    LOG.infof("the node stays stopped at height %d, where %s failed, and the agent waits for the recovery the"
                            + " validators approve (upgradectl recover --upgrade %s)", s.haltedAtHeight(), s.target().tag(),
                            s.target().proposalId());
                } else if (!processes.anyAlive()) {
                    end(lastExitSeen && lastExitCode != 0 ? lastExitCode : 1, "the node is down and will not be started again");
                }
            }
            default -> {
            }
        }
    }

    private boolean stagesAtHalt() {
        return config.upgrade().staging() == AgentConfig.Staging.AT_HALT;
    }

    private void stage(Target target) {
        staging.submit(() -> {
            long started = System.nanoTime();
            StagingOutcome outcome = source.stage(target, stager);
            metrics.staging(Duration.ofNanos(System.nanoTime() - started));
            if (outcome instanceof StagingOutcome.Staged staged) {
                submit(new Event.Staged(target.proposalId(), staged.folder(), staged.checksumVerified() ? ""
                        : "checksum not verified: no SHA-256 known for release " + target.tag()));
            } else {
                submit(new Event.StagingFailed(target.proposalId(), outcome.toString()));
            }
        });
    }

    /** Waits until the source says the node is at the halt point (steering it there), then stops the node. */
    private void haltAndStop(Target target) {
        long seen;
        while (true) {
            if (closed) {
                return;
            }
            source.steerTowards(target);
            OptionalLong h = source.haltPoint(target, node.height());
            if (h.isPresent()) {
                seen = h.getAsLong();
                break;
            }
            sleep(config.node().pollInterval());
        }
        haltObservedNanos = System.nanoTime();
        haltObservedMillis = System.currentTimeMillis();
        LOG.infof("node is at the halt point of %s (height %d): stopping it", target.proposalId(), seen);
        source.stopNode(processes);
        submit(new Event.Halted(seen));
    }

    private void switchCurrent() {
        RolloutState s = state;
        try {
            checkpoints.atHalt(s.haltedAtHeight() > 0 ? s.haltedAtHeight() : s.target().height(), releaseTag(s.runningRelease()));
            source.beforeSwitch(s.target(), home.release(s.stagedFolder()));
            home.pointCurrentAt(s.stagedFolder());
            LOG.infof("current -> %s", s.stagedFolder());
            submit(new Event.Switched());
        } catch (IOException | RuntimeException e) {
            submit(new Event.SwitchFailed(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /**
     * Starts the new release from H and watches it until its height moves past H. It is judged by the
     * node, not by the chain ({@link StartedRelease}): alive and answering, it is healthy however long
     * the chain waits at H for the rest of the power, and it is stopped and retried only when it exits,
     * never answers within {@code node.startTimeoutSeconds}, or stops answering for as long.
     */
    private void startNewRelease(Target t, UnaryOperator<List<String>> startArgs) {
        long target = t.height();
        int myGeneration;
        long spawned = System.nanoTime();
        try {
            myGeneration = startCurrent(startArgs);
            timeline.started(t.proposalId(), clock.instant());
        } catch (RuntimeException e) {
            submit(new Event.StartFailed(e.getMessage(), false));
            return;
        }
        long spawnedDone = System.nanoTime();
        long spawnedMillis = System.currentTimeMillis();
        long haltedAt = haltObservedNanos == 0 ? spawned : haltObservedNanos;
        if (config.node().statusUrl().isBlank()) {
            judgeByProcess(t, myGeneration, haltedAt);
            return;
        }
        long firstAnswer = 0;
        long lastAnswer = 0;
        long maxSeen = -1;
        StartedRelease.Kind reported = null;
        try {
            while (!closed && generation.get() == myGeneration) {
                if (finishedCleanly()) {
                    submit(new Event.StartedPastHeight(t.height(), (System.nanoTime() - haltedAt) / 1_000_000));
                    return;
                }
                Optional<StartedRelease.NodeStatus> answer = node.status();
                long now = System.nanoTime();
                if (answer.isPresent()) {
                    if (firstAnswer == 0) {
                        firstAnswer = now;
                        lastSwitch = new SwitchTiming(haltObservedMillis, spawnedMillis, System.currentTimeMillis());
                        LOG.infof("switchover: halt observed -> new release spawned %d ms, spawned -> status answering %d ms",
                                (spawnedDone - haltedAt) / 1_000_000, (firstAnswer - spawnedDone) / 1_000_000);
                    }
                    lastAnswer = now;
                    maxSeen = Math.max(maxSeen, answer.get().height());
                }
                StartedRelease.Verdict verdict = StartedRelease.judge(new StartedRelease.Observation(processes.allAlive(), answer,
                        Duration.ofNanos(now - spawned), lastAnswer == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(now - lastAnswer))),
                        target, maxSeen, config.node().startTimeout());
                if (verdict.kind() == StartedRelease.Kind.PAST_HEIGHT) {
                    nodeState = "";
                    metrics.switchover(Duration.ofNanos(firstAnswer - haltedAt));
                    budget.reset();
                    budget.started();
                    submit(new Event.StartedPastHeight(verdict.height(), (firstAnswer - haltedAt) / 1_000_000));
                    return;
                }
                if (verdict.restart() && finishedCleanly()) {
                    continue; // exited 0 meanwhile: done, at the top of the loop
                }
                if (verdict.restart() && (verdict.kind() == StartedRelease.Kind.EXITED || source.restartsSilentRelease())) {
                    nodeState = "";
                    processes.stop();
                    submit(new Event.StartFailed(StartedRelease.describe(verdict, Optional.empty()), maxSeen > target));
                    return;
                }
                report(t, verdict, reported);
                reported = verdict.kind();
                sleep(config.node().pollInterval());
            }
        } finally {
            nodeState = "";
            peers.pause();
        }
    }

    /**
     * A node without a status endpoint (a Cosmos node with no RPC) is judged as Cosmovisor judges it:
     * started when it is still alive after {@link #ALIVE_IS_STARTED}, or done when it exited 0 by then.
     */
    private void judgeByProcess(Target t, int myGeneration, long haltedAt) {
        long deadline = System.nanoTime() + ALIVE_IS_STARTED.toNanos();
        while (!closed && generation.get() == myGeneration && System.nanoTime() < deadline && processes.anyAlive()) {
            sleep(Duration.ofMillis(Math.min(50, config.node().pollInterval().toMillis())));
        }
        if (closed || generation.get() != myGeneration) {
            return;
        }
        if (processes.allAlive() || finishedCleanly()) {
            budget.reset();
            budget.started();
            submit(new Event.StartedPastHeight(t.height(), (System.nanoTime() - haltedAt) / 1_000_000));
        } else {
            processes.stop();
            submit(new Event.StartFailed("exited with code " + lastExitCode + " (no status endpoint: judged by the process)", false));
        }
    }

    /** The node exited 0 by itself and the agent ends with it (a one-shot command such as {@code version}). */
    private boolean finishedCleanly() {
        if (!source.endsWithNode() || processes.anyAlive()) {
            return false;
        }
        long deadline = System.nanoTime() + EXIT_CALLBACK_WAIT.toNanos();
        while (!lastExitSeen && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(5)); // the exit is seen on another thread just after the process is gone
        }
        return lastExitSeen && lastExitCode == 0;
    }

    /** Says how the started release is doing (node_state, and the log when it changes); the power only while it waits for peers. */
    private void report(Target t, StartedRelease.Verdict verdict, StartedRelease.Kind before) {
        Optional<PowerBack.Tally> power = verdict.kind() == StartedRelease.Kind.WAITING_FOR_PEERS
                ? peers.tally(t.tag(), new PowerBack.Report(identity.nodeName(), identity.validatorKey(), t.tag(), true))
                : Optional.empty();
        String text = StartedRelease.describe(verdict, power);
        if (text.equals(nodeState)) {
            return;
        }
        nodeState = text;
        if (verdict.kind() != before || verdict.kind() == StartedRelease.Kind.WAITING_FOR_PEERS) {
            LOG.infof("new release %s: %s", t.tag(), text);
        }
        publish(state);
    }

    /** A long step's progress (a checkpoint's copy) as the node state; "" when it ends. */
    private void progress(String text) {
        nodeState = text;
        publish(state);
    }

    private void rollBack() {
        processes.stop();
        try {
            home.pointCurrentAt(state.runningRelease());
            startCurrent(UnaryOperator.identity());
            LOG.warnf("rolled back to %s", state.runningRelease());
            clearHaltOfRolledBackNode();
        } catch (IOException | RuntimeException e) {
            submit(new Event.RollbackFailed(e.getMessage()));
        }
    }

    /** The old release remembers the halt at H; a rolled-back node must go on, so the halt is cleared. */
    private void clearHaltOfRolledBackNode() {
        long deadline = System.nanoTime() + config.node().startTimeout().toNanos();
        while (!closed && System.nanoTime() < deadline) {
            if (source.steerClear()) {
                LOG.info("halt cleared on the rolled-back node");
                return;
            }
            sleep(config.node().pollInterval());
        }
        LOG.error("could not clear the halt of the rolled-back node; it may stay halted at the upgrade height");
    }

    /** Starts the release in {@code current}; returns the generation that identifies this start. */
    private int startCurrent(UnaryOperator<List<String>> nodeArgs) {
        return startCurrent(nodeArgs, false);
    }

    /** @param afterCrash true when this restarts a node that exited on its own */
    private int startCurrent(UnaryOperator<List<String>> nodeArgs, boolean afterCrash) {
        recoveries.checkDataWhole();
        int myGeneration = generation.incrementAndGet();
        String folder;
        try {
            folder = home.currentRelease();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + home.current(), e);
        }
        lastExitSeen = false;
        processes.start(folder, nodeArgs, code -> onUnexpectedExit(myGeneration, code));
        source.nodeStarted(afterCrash);
        startedGeneration = myGeneration;
        budget.started();
        return myGeneration;
    }

    private void onUnexpectedExit(int ofGeneration, int code) {
        RolloutState s = state;
        if (ofGeneration == generation.get()) {
            lastExitCode = code;
            lastExitSeen = true;
        }
        if (closed || ofGeneration != generation.get() || s.phase() == Phase.STARTING || !nodeShouldRun(s.phase())) {
            return;
        }
        if (source.exitIsHalt(code)) {
            LOG.infof("the node exited with code %d at its upgrade height: that is the halt", code);
            return;
        }
        if (code == 0 && source.endsWithNode()) {
            processes.stop();
            end(0, "the node exited with code 0");
            return;
        }
        boolean restart = budget.tryRestart();
        submit(new Event.NodeCrashed("node exited with code " + code, restart));
        if (restart) {
            LOG.warnf("restarting the node in %d s (restart %d of %d)", config.restartsDelay().toSeconds(), budget.used(),
                    config.maxNumberOfRestarts());
            processes.stop(); // the release's other process (core or data node) stops with it, as Visor stops them together
            timers.schedule(() -> {
                if (!closed && ofGeneration == generation.get() && nodeShouldRun(state.phase())) {
                    try {
                        startCurrent(source::crashRestartArgs, true);
                    } catch (RuntimeException e) {
                        LOG.error("restart failed", e);
                        onUnexpectedExit(generation.get(), -1);
                    }
                }
            }, config.restartsDelay().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            processes.stop();
            if (source.exitsWhenRestartsRunOut()) {
                giveUp("node exited with code " + code + " and maxNumberOfRestarts = " + config.maxNumberOfRestarts() + " restarts are used up");
            }
        }
    }

    private void poll() {
        try {
            OptionalLong h = node.height();
            if (h.isEmpty()) {
                return;
            }
            long now = h.getAsLong();
            if (now != height) {
                height = now;
                metrics.height(now);
            }
            int started = startedGeneration;
            if (started != answeredGeneration && started == generation.get()) {
                answeredGeneration = started;
                source.nodeFirstAnswered(now);
            }
            RolloutState s = state;
            if (Rollout.pendingBeforeHalt(s)) {
                source.steerTowards(s.target());
            }
            // while a target is pending, also at an unchanged height: a target announced at the height where
            // the node already waits (a chain's own halt) must still lead to HALTING
            if ((now > s.lastSeenHeight() || Rollout.pendingBeforeHalt(s)) && (s.phase() != Phase.STARTING && s.phase() != Phase.RETRYING)) {
                submit(new Event.HeightReached(now));
            }
        } catch (RuntimeException e) {
            // the node not answering is an empty height, not an exception: this is a fault of the agent's own
            if (pollFaults.add(String.valueOf(e))) {
                LOG.error("polling the node failed", e);
            }
        }
    }

    private void heartbeat() {
        publish(state);
    }

    private void publish(RolloutState s) {
        try {
            publisher.accept(statusOf(s));
        } catch (RuntimeException e) {
            LOG.warn("status not published", e);
        }
    }

    /** Stops the children with the stop policy and every thread; state.json stays as it is for the next start. */
    @Override
    public void close() {
        closed = true;
        ended.complete(0);
        control.interrupt();
        timers.shutdownNow();
        staging.shutdownNow();
        actions.shutdownNow();
        processes.close();
        peers.close();
        try {
            actions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

}
