package io.cutover.agent.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.cutover.agent.checkpoint.CheckpointSettings;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.process.ReleaseProcesses;
import io.cutover.agent.staging.ReleaseLocator;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.core.config.ConfigResult;

/**
 * Where the decision to upgrade comes from ({@code [upgrade] source} in config.toml). Staging,
 * verification, the switch, retries, rollback, crash resume and reporting are the agent's and
 * shared by every source; a source only says <em>what</em> to run from <em>which height</em> and
 * <em>when</em> the node is at the halt point, and may customise how the node is stopped, what
 * happens between stop and start, and the new release's arguments.
 *
 * <p>Life cycle, driven by {@code io.cutover.agent.runtime.Agent}:
 * <ol>
 * <li>{@link #start} once the node's first height is known (at once for "cosmos", whose halt is the
 *     node's own file); from then on the source calls
 *     {@link Announcements#announced} (a), {@link Announcements#withdrawn} (b) and
 *     {@link Announcements#refused} from any thread it likes. Announcing the same target again is
 *     harmless; a target at or below the node's height is ignored by the state machine.</li>
 * <li>While a target is pending and the node has not reached it, {@link #steerTowards} is called
 *     after every status poll and node (re)start (Cutover: ask the node to halt at H).
 *     {@link #nodeStarted} is called after every start of a node process.</li>
 * <li>From H−1 on the agent polls {@link #haltPoint} every {@code node.pollIntervalMillis} (c); once it
 *     answers, the node is stopped with {@link #stopNode} (d), {@link #beforeSwitch} runs (e),
 *     {@code current} is re-pointed, and the new release starts with {@link #startArgs} (f).</li>
 * </ol>
 * Implementations: {@link CutoverSource} ("cutover"), {@code io.cutover.agent.vega.VegaCoreSource} ("vega-core"),
 * {@code io.cutover.agent.cosmos.CosmosSource} ("cosmos"). A source is created by
 * {@code io.cutover.agent.runtime.UpgradeSources}.
 */
public interface UpgradeSource extends AutoCloseable {

    /** What a source tells the agent; every call becomes an event of the state machine. */
    interface Announcements {

        /** (a) The node should run {@code target.tag()} from {@code target.height()} on. */
        void announced(Target target);

        /** (b) The target is withdrawn before its height (an approval CANCELLED, the chain dropped the upgrade). */
        void withdrawn(String targetId, long height, String why);

        /** An announcement that cannot be trusted or read: logged and reported in last_error, never acted on. */
        void refused(String targetId, String reason);

        /**
         * The node itself says it stopped at {@code target}'s height (Cosmovisor's upgrade-info.json):
         * the agent halts for it without waiting for a height from the node.
         */
        default void haltSeen(Target target) {
        }

        /**
         * With no upgrade under way, the node runs another release than the one in force at its height
         * (restored from a snapshot, or synced past an upgrade): it is stopped and started on {@code folder};
         * when that cannot start (its binary is missing) the node stays stopped, with {@code why} as the reason.
         */
        default void releaseInForce(String folder, String why) {
        }

        /** The target the agent works towards (pending, staging, halting, switching, starting), if any. */
        Optional<Target> pendingTarget();

        /** The node's latest known height (0 before the first answer). */
        long nodeHeight();

        /** The release tag the node runs (as reported on rollout.status; the genesis folder by its tag). */
        String runningRelease();

        /**
         * The node itself says it is at the halt point of the pending target at {@code height} (Vega's
         * ReadyToUpgrade): the agent halts it now, whether or not its status URL answers.
         */
        default void atHaltPoint(long height) {
        }

        /**
         * A limit the replaced supervisor exits on is used up (Visor's connection retries): the agent
         * stops the node and exits non-zero, so that the service manager starts everything again.
         */
        default void giveUp(String reason) {
        }

        /** config.toml was edited: the keys the replaced supervisor reloads apply from now on ({@code next} holds them). */
        default void reconfigure(io.cutover.agent.home.AgentConfig next) {
        }

        /** A recovery the validators approved for an upgrade that failed at its height (its certificate verified). */
        default void recoveryApproved(io.cutover.agent.domain.RecoveryPlan plan) {
        }
    }

    /** An upgrade the source knows with its height, and where it knows it from (listed by the status API). */
    record KnownUpgrade(String name, long height, String from) {
    }

    /** Every upgrade the source knows with its height, lowest first (Cosmovisor's recorded, batch and scheduled plans). */
    default List<KnownUpgrade> knownUpgrades() {
        return List.of();
    }

    /** The value of {@code [upgrade] source} this source implements, e.g. "cutover". */
    String name();

    /** Begins watching for targets. */
    void start(Announcements announcements);

    /**
     * (c) Whether the node is at the halt point of {@code target}: the height at which it stopped
     * producing blocks (normally {@code target.height()}), or empty while it is not there yet.
     *
     * @param nodeHeight the node's latest height from {@code node.statusUrl}, empty when it does not answer
     */
    OptionalLong haltPoint(Target target, OptionalLong nodeHeight);

    /** Before the halt: keeps the node on course to stop at the target's height. Cheap when nothing is to be done. */
    default void steerTowards(Target target) {
    }

    /**
     * The pending target was withdrawn, or a rolled-back node must run on past its height.
     *
     * @return true when done (the agent calls it again until it is, within {@code node.startTimeoutSeconds})
     */
    default boolean steerClear() {
        return true;
    }

    /**
     * A node process was started: state the source keeps about the running node is stale.
     *
     * @param afterCrash true when it restarts a node that exited on its own (Visor then allows fewer connection retries)
     */
    default void nodeStarted(boolean afterCrash) {
    }

    /**
     * The height of the node's first status answer after the agent last started it; called once per
     * start, after {@link #nodeStarted}. A node whose first answer is already the upgrade height had
     * reached it before that start.
     */
    default void nodeFirstAnswered(long height) {
    }

    /**
     * Whether the node already stopped at a halt that was never switched (it wrote its halt before the
     * agent last stopped): the agent then does not start it on the old release, it switches first.
     *
     * @param lastSeenHeight the node's height when the agent last saw it (0: never)
     */
    default boolean haltPending(long lastSeenHeight) {
        return false;
    }

    /**
     * The node exited by itself with {@code code}. True when that exit is the halt at a target's height
     * (older Cosmos SDKs exit there): the source has announced the target and {@link Announcements#haltSeen}
     * it, and the agent neither restarts the node nor counts a crash.
     */
    default boolean exitIsHalt(int code) {
        return false;
    }

    /**
     * True when the agent lives only as long as its node, as {@code cosmovisor run} does: it ends when
     * the node exits 0, when the node is down and will not be restarted, and after a switch that is not
     * to be started ({@link #startsAfterSwitch}).
     */
    default boolean endsWithNode() {
        return false;
    }

    /** False when the new release is left for the operator to start (Cosmovisor's DAEMON_RESTART_AFTER_UPGRADE=false). */
    default boolean startsAfterSwitch() {
        return true;
    }

    /** (d) Stops the node at the halt point; the default is the configured stop policy (delay, SIGTERM, timeout, SIGKILL). */
    default void stopNode(ReleaseProcesses processes) {
        processes.stop();
    }

    /**
     * (e) Steps after the node stopped at the halt point and before {@code current} is re-pointed to
     * {@code stagedFolder} (a backup, a pre-upgrade hook). Throwing fails the switch: the node stays
     * stopped, the agent reports FAILED with the message, and a restarted agent tries the switch again.
     */
    default void beforeSwitch(Target target, Path stagedFolder) throws IOException {
    }

    /**
     * Stages the target's release; the default is {@code stager} (a release folder by tag in a Visor
     * home, downloaded from the target's artifact). A source whose releases live elsewhere (a
     * Cosmovisor home's upgrades/&lt;name&gt;) stages them itself.
     */
    default StagingOutcome stage(Target target, Stager stager) {
        return stager.stage(target);
    }

    /**
     * Stages the release of an approved hot-fix of {@code failed}; the default stages it as any
     * release. A source whose upgrade folder is named by the upgrade (a Cosmovisor home) puts the fix
     * in the failed upgrade's place.
     */
    default StagingOutcome stageHotFix(Target fix, Target failed, Stager stager) {
        return stage(fix, stager);
    }

    /** How to run a release folder; the default is its run-config.toml. */
    default ConfigResult<RunConfig> runConfig(Path folder) {
        return RunConfig.read(folder);
    }

    /** The release tag a folder holds when the source names it (e.g. "upgrades/v2" holds "v2"); empty: the agent's rule. */
    default Optional<String> releaseTag(String folder) {
        return Optional.empty();
    }

    /**
     * Where to download a release that is not installed and whose target names no URL (Visor: the
     * GitHub release API); the default downloads nothing but the target's own URL.
     */
    default ReleaseLocator releaseLocator() {
        return ReleaseLocator.APPROVED_URL_ONLY;
    }

    /**
     * The checkpoint at the halt as this source takes it, given {@code [checkpoint]}: the source adds
     * the node's data folder when the section names none (and, in cosmos mode, Cosmovisor's backup settings).
     */
    default CheckpointSettings checkpoint(CheckpointSettings configured) {
        return configured;
    }

    /**
     * The node's arguments when it restarts after a crash, given those of its run-config (Visor:
     * aligned with the data node's latest history segment); the default is them unchanged.
     * Throwing counts as a failed restart.
     */
    default List<String> crashRestartArgs(List<String> runConfigArgs) {
        return runConfigArgs;
    }

    /**
     * Whether a started release whose status does not answer within {@code node.startTimeoutSeconds}
     * (or stops answering for as long) is stopped and started again; false leaves a live process
     * alone (Visor judges it by its admin socket alone, see the source's own limits).
     */
    default boolean restartsSilentRelease() {
        return true;
    }

    /**
     * Whether the agent exits non-zero when a crashed node may not be restarted any more (Visor does,
     * so that the service manager starts everything again); the default keeps the agent running,
     * FAILED, with the node stopped.
     */
    default boolean exitsWhenRestartsRunOut() {
        return false;
    }

    /** The configuration in force changed (config.toml reloaded); the default ignores it. */
    default void reconfigure(io.cutover.agent.home.AgentConfig next) {
    }

    /**
     * Whether {@link #stage} keeps trying a failed staging while the upgrade is pending, reporting each
     * try ({@link Announcements#refused}); a node halted meanwhile then waits at H for it.
     */
    default boolean retriesStaging() {
        return false;
    }

    /** (f) The new release's node arguments, given those of its run-config. */
    List<String> startArgs(Target target, List<String> runConfigArgs);

    /** The flag with which a node goes on past an upgrade height on its own release (Cosmos' name, the simulated node's too). */
    String SKIP_UPGRADES_FLAG = "--unsafe-skip-upgrades";

    /**
     * The arguments of the release before the upgrade when a RETURN recovery starts it again at
     * {@code height}: it goes on past H with the upgrade skipped. The default adds
     * {@code --unsafe-skip-upgrades H} to those {@link #startArgs} gives a release started at H.
     */
    default List<String> returnArgs(Target failed, List<String> runConfigArgs) {
        List<String> args = new java.util.ArrayList<>(startArgs(failed, runConfigArgs));
        args.add(SKIP_UPGRADES_FLAG);
        args.add(Long.toString(failed.height()));
        return args;
    }

    @Override
    default void close() {
    }
}
