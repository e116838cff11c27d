package io.cutover.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.cutover.agent.checkpoint.CheckpointRecord;
import io.cutover.agent.checkpoint.CheckpointStep;
import io.cutover.agent.checkpoint.ProgressReport;
import io.cutover.agent.checkpoint.Restore;
import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.Recovery;
import io.cutover.agent.domain.RecoveryPlan;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.process.ReleaseProcesses;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;

/**
 * Applies an approved recovery, unattended, journalled step by step in state.json's "recovery"
 * section so that an agent killed at any step resumes it: HOT_FIX stages and verifies the fix, stops
 * the failing release, restores the checkpoint first when {@code [checkpoint] restoreOnHotFix}, points
 * {@code current} at the fix and starts it as the upgrade would have been started; RETURN stops the
 * node, restores the checkpoint taken at the halt, points {@code current} back at the release before
 * the upgrade and starts it with the source's skip arguments. A step that fails leaves the node
 * stopped with the reason; a data folder whose restore did not finish is never started on.
 */
public final class RecoveryActions {

    private static final Logger LOG = Logger.getLogger(RecoveryActions.class);
    static final String SECTION = "recovery";

    /** How far a recovery got. */
    enum Step { BEGUN, STAGED, RESTORING, RESTORED, SWITCHED }

    /**
     * state.json's "recovery".
     *
     * @param returnFolder the release folder before the upgrade (RETURN switches back to it)
     * @param fixFolder    the staged fix (HOT_FIX), once staged
     */
    record Journal(RecoveryPlan plan, String returnFolder, Step step, String fixFolder) {

        Journal at(Step next) {
            return new Journal(plan, returnFolder, next, fixFolder);
        }
    }

    private final AgentHome home;
    private final StateStore store;
    private final UpgradeSource source;
    private final Stager stager;
    private final ReleaseProcesses processes;
    private final CheckpointStep checkpoints;
    private final ProgressReport progress;
    private final Consumer<Event> submit;
    private final BiConsumer<Target, UnaryOperator<List<String>>> start;
    /** The newest verified recovery not (yet) applicable: applied once it is (the node reached H, a recovery under way failed). */
    private final AtomicReference<RecoveryPlan> pending = new AtomicReference<>();

    /**
     * @param start starts {@code current} with the given arguments and watches it past the target's height
     */
    RecoveryActions(AgentHome home, StateStore store, UpgradeSource source, Stager stager, ReleaseProcesses processes,
            CheckpointStep checkpoints, ProgressReport progress, Consumer<Event> submit, BiConsumer<Target, UnaryOperator<List<String>>> start) {
        this.home = home;
        this.store = store;
        this.source = source;
        this.stager = stager;
        this.processes = processes;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.submit = submit;
        this.start = start;
    }

    /** A verified recovery arrived: applied now when it applies, else kept until it does (the node not yet at H). */
    void approved(RecoveryPlan plan, RolloutState now) {
        Optional<String> refusal = Recovery.refusal(now, plan);
        if (refusal.isEmpty()) {
            submit.accept(new Event.RecoveryApproved(plan));
            return;
        }
        LOG.infof("recovery %s not applied now: %s", plan.recoveryId(), refusal.get());
        boolean itself = now.phase() == Phase.RECOVERING && plan.recoveryId().equals(currentId());
        if (Recovery.mayApplyLater(now, plan) && !itself) {
            pending.set(plan); // applied once the node halted at H, the switch is done, or the recovery under way failed
        }
    }

    /** After every state change: a kept recovery that applies now is applied. */
    void stateChanged(RolloutState now) {
        RecoveryPlan plan = pending.get();
        if (plan != null && now.phase() != Phase.RECOVERING && Recovery.refusal(now, plan).isEmpty() && pending.compareAndSet(plan, null)) {
            submit.accept(new Event.RecoveryApproved(plan));
        }
    }

    /** Before state.json is written for {@code event}: a recovery that begins is journalled in the same write. */
    void beforeSave(Event event, RolloutState old, RolloutState next) {
        if (event instanceof Event.RecoveryApproved approved && next.phase() == Phase.RECOVERING && old.phase() != Phase.RECOVERING) {
            String back = old.phase() == Phase.ROLLED_BACK ? old.runningRelease() : old.previousRelease();
            store.stageSection(SECTION, store.json().valueToTree(new Journal(approved.plan(), back, Step.BEGUN, null)));
        } else if (next.phase() == Phase.SCHEDULED && old.phase() != Phase.SCHEDULED) {
            store.stageSection(SECTION, null); // a new upgrade: the last recovery is history
        }
    }

    /** The recovery the agent applies or last applied, "" when none. */
    String currentId() {
        return journal().map(j -> j.plan().recoveryId()).orElse("");
    }

    /** Refuses to start a node on a data folder whose restore did not finish. */
    void checkDataWhole() {
        checkpoints.settings().data().filter(Restore::unfinished).ifPresent(data -> {
            throw new IllegalStateException("the data folder " + data + " holds a restore that did not finish: the node is not started"
                    + " on it (restart the agent to complete the recovery, or restore the data by hand)");
        });
    }

    /** Runs (or resumes) the journalled recovery; on the actions thread. */
    void run() {
        Optional<Journal> journal = journal();
        if (journal.isEmpty()) {
            submit.accept(new Event.RecoveryFailed("state.json holds no recovery to apply"));
            return;
        }
        Journal j = journal.get();
        RecoveryPlan plan = j.plan();
        LOG.infof("RECOVERY %s of upgrade %s at height %d: %s (from step %s)", plan.recoveryId(), plan.upgradeId(), plan.height(),
                plan.action(), j.step());
        try {
            if (plan.action() == RecoveryPlan.Action.HOT_FIX) {
                hotFix(j);
            } else {
                giveBack(j);
            }
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.errorf("RECOVERY %s failed: %s; the node stays stopped", plan.recoveryId(), reason);
            submit.accept(new Event.RecoveryFailed(reason));
        }
    }

    private void hotFix(Journal j) throws IOException {
        Target fix = j.plan().fix();
        if (j.step() == Step.BEGUN) {
            StagingOutcome outcome = source.stageHotFix(fix, failed(j.plan()), stager);
            if (!(outcome instanceof StagingOutcome.Staged staged)) {
                throw new IOException("the hot-fix release " + fix.tag() + " cannot be staged: " + outcome);
            }
            j = save(new Journal(j.plan(), j.returnFolder(), Step.STAGED, staged.folder()));
            LOG.infof("hot-fix %s staged and verified in %s", fix.tag(), staged.folder());
        }
        processes.stop();
        if (checkpoints.settings().restoreOnHotFix()) {
            j = restore(j, false);
        }
        j = switchTo(j, j.fixFolder());
        start.accept(fix, args -> source.startArgs(fix, args));
    }

    private void giveBack(Journal j) throws IOException {
        if (j.returnFolder() == null) {
            throw new IOException("the release before the upgrade is not known (state.json has no previous release)");
        }
        processes.stop();
        j = restore(j, true);
        j = switchTo(j, j.returnFolder());
        Target failed = failed(j.plan());
        start.accept(failed, args -> source.returnArgs(failed, args));
    }

    private static Target failed(RecoveryPlan plan) {
        return new Target(plan.upgradeId(), plan.failedTag(), plan.height(), List.of());
    }

    /** Puts the checkpoint taken at the halt back; {@code needed}: a return without one is refused when checkpoints are required. */
    private Journal restore(Journal j, boolean needed) throws IOException {
        if (j.step() == Step.RESTORED || j.step() == Step.SWITCHED) {
            return j;
        }
        Optional<Path> data = checkpoints.settings().data();
        Optional<CheckpointRecord> checkpoint = checkpoints.at(j.plan().height());
        if (data.isEmpty() || checkpoint.isEmpty()) {
            String why = "no checkpoint was taken at height " + j.plan().height() + (data.isEmpty() ? " (no data folder is known)" : "");
            if (needed && checkpoints.settings().required()) {
                throw new IOException(why + "; set " + checkpoints.settings().allowWithout() + " to return without one");
            }
            LOG.warnf("%s: the node goes on from the data it has", why);
            return j;
        }
        j = save(j.at(Step.RESTORING));
        Restore.restore(Path.of(checkpoint.get().folder()), data.get(), progress);
        return save(j.at(Step.RESTORED));
    }

    private Journal switchTo(Journal j, String folder) throws IOException {
        home.pointCurrentAt(folder);
        LOG.infof("current -> %s", folder);
        submit.accept(new Event.RecoverySwitched(folder));
        return save(j.at(Step.SWITCHED));
    }

    private Journal save(Journal j) {
        store.saveSection(SECTION, store.json().valueToTree(j));
        return j;
    }

    /**
     * The height of the upgrade the last recovery returned from, when it was a RETURN (kept until the
     * next upgrade is scheduled): a node started again must skip that upgrade again. Reads state.json.
     */
    public static OptionalLong returnedFrom(StateStore store) {
        store.load();
        return journalIn(store).filter(j -> j.plan().action() == RecoveryPlan.Action.RETURN)
                .map(j -> OptionalLong.of(j.plan().height())).orElse(OptionalLong.empty());
    }

    private Optional<Journal> journal() {
        return journalIn(store);
    }

    private static Optional<Journal> journalIn(StateStore store) {
        JsonNode node = store.section(SECTION);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(store.json().treeToValue(node, Journal.class));
        } catch (IOException e) {
            LOG.errorf("state.json's recovery section cannot be read: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
