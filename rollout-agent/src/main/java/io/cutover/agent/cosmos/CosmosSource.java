package io.cutover.agent.cosmos;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.cutover.agent.checkpoint.CheckpointSettings;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.node.NodeClient;
import io.cutover.agent.process.ReleaseProcesses;
import io.cutover.agent.process.StopPolicy;
import io.cutover.agent.runtime.RecoveryActions;
import io.cutover.agent.runtime.StateStore;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.core.config.ConfigResult;

/**
 * {@code [upgrade] source = "cosmos"} and {@code rollout-agent cosmovisor run}: a Cosmos SDK chain's
 * x/upgrade plan is the target. It is learnt early from {@code Query/CurrentPlan} (so the binary is
 * staged and READY or FAILED is reported long before the height) and, as Cosmovisor does, from
 * {@code data/upgrade-info.json}, which the node writes when it halts at the height. That file is
 * the halt, watched from the agent's first second, also when the node exits by itself there; the
 * node's height is only a cross-check where the node answers (a file written ahead of the height by
 * {@code add-upgrade --upgrade-height} waits for it). The node is killed at once, or given SIGINT
 * and DAEMON_SHUTDOWN_GRACE when that is set, then, in Cosmovisor's order: DAEMON_RESTART_DELAY,
 * the data backup (the agent's checkpoint at the halt with Cosmovisor's settings, {@link #checkpoint};
 * refused when it would not fit), COSMOVISOR_CUSTOM_PREUPGRADE, the plan recorded in the release
 * folder, and the new binary's {@code pre-upgrade}; the agent then re-points {@code current} and
 * starts the new binary with the same arguments.
 *
 * <p>A file that is malformed, names an upgrade below the one applied last, or names the applied
 * upgrade at another height is logged and reported, and the node is never stopped for it.
 *
 * <p>On a Cosmovisor home the source stages into {@code cosmovisor/upgrades/<name>/bin} itself and
 * runs {@code bin/$DAEMON_NAME} of each release with the node arguments; on a Visor-style home the
 * agent's own staging and run-configs are used.
 */
public final class CosmosSource implements UpgradeSource {

    private static final Logger LOG = Logger.getLogger(CosmosSource.class);
    /** The target id under which a malformed data/upgrade-info.json is reported. */
    static final String UPGRADE_INFO_ID = "data/upgrade-info.json";

    private final CosmovisorSettings settings;
    private final CosmovisorLayout layout;
    private final boolean cosmovisorHome;
    private final List<String> nodeArgs;
    private final Set<Long> skipHeights;
    /**
     * The heights of the upgrades the validators returned from: every start of the node (a crash
     * restart, an agent restart) skips them, whatever its arguments or run-config say.
     */
    private final Set<Long> returnedFrom = new ConcurrentSkipListSet<>();
    private final CurrentPlanSource plans;
    private final CosmosStager stager;
    private final Clock clock;
    private final String platform;
    private final Supplier<OptionalLong> nodeHeight;
    private final AppliedUpgrade applied;
    private final Map<String, UpgradePlan> known = new ConcurrentHashMap<>();
    private final Set<String> announcedFromPlan = ConcurrentHashMap.newKeySet();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watcher = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "cosmos-source");
        t.setDaemon(true);
        return t;
    });
    private volatile Announcements announcements;
    /** The node's first answer when it came before {@link #start}: judged once announcements have somewhere to go. */
    private OptionalLong answeredBeforeStart = OptionalLong.empty();

    /**
     * @param cosmovisorHome true for {@code cosmovisor run} on a Cosmovisor home; false for a Visor-style home
     * @param nodeArgs       the node's arguments ({@code --unsafe-skip-upgrades} heights are read from them)
     */
    public CosmosSource(CosmovisorSettings settings, boolean cosmovisorHome, List<String> nodeArgs, CurrentPlanSource plans,
            String platform, Clock clock) {
        this(settings, cosmovisorHome, nodeArgs, plans, platform, clock, OptionalLong::empty,
                () -> settings.layout().folder(settings.layout().currentRelease()));
    }

    /** The folder {@code current} points to (where the plan applied last is recorded). */
    public interface CurrentFolder {
        Path get() throws IOException;
    }

    /**
     * @param nodeHeight    the node's height when it answers (a cross-check of the halt, never a condition)
     * @param currentFolder the release folder the node runs
     */
    public CosmosSource(CosmovisorSettings settings, boolean cosmovisorHome, List<String> nodeArgs, CurrentPlanSource plans,
            String platform, Clock clock, Supplier<OptionalLong> nodeHeight, CurrentFolder currentFolder) {
        this.nodeHeight = nodeHeight;
        this.settings = settings;
        this.layout = settings.layout();
        this.cosmovisorHome = cosmovisorHome;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.skipHeights = new ConcurrentSkipListSet<>(SkipHeights.of(nodeArgs));
        this.applied = new AppliedUpgrade(layout, skipHeights, currentFolder);
        this.plans = plans;
        this.stager = new CosmosStager(settings, platform);
        this.platform = platform;
        this.clock = clock;
    }

    /**
     * {@code [upgrade] source = "cosmos"} in a Visor-style home: the node's home and the other
     * settings come from the same DAEMON_* variables; the skip heights from the current run-config.
     */
    public static CosmosSource forVisorHome(io.cutover.agent.home.AgentHome home, AgentConfig config, NodeClient node) {
        return forVisorHome(home, System.getenv(), node::height);
    }

    static CosmosSource forVisorHome(io.cutover.agent.home.AgentHome home, Map<String, String> env) {
        return forVisorHome(home, env, OptionalLong::empty);
    }

    private static CosmosSource forVisorHome(io.cutover.agent.home.AgentHome home, Map<String, String> env, Supplier<OptionalLong> height) {
        CosmovisorSettings settings = CosmovisorSettingsReader.read(env, Optional.empty(), false, false).orThrow();
        List<String> args = List.of();
        try {
            if (RunConfig.read(home.release(home.currentRelease())) instanceof ConfigResult.Valid<RunConfig> valid) {
                args = valid.value().node().args();
            }
        } catch (IOException e) {
            LOG.warnf("cannot read the current release's run-config (%s): no --unsafe-skip-upgrades heights", e.getMessage());
        }
        CosmosSource source = new CosmosSource(settings, false, args, CurrentPlanSource.of(settings),
                io.cutover.core.proposal.Platform.current(), Clock.systemUTC(), height, () -> home.release(home.currentRelease()));
        source.skipsAReturnedUpgrade(new StateStore(home.state()));
        return source;
    }

    /** Skips, from now on, the upgrade the validators' last recovery returned from ({@link #returnedUpgrade}). */
    void skipsAReturnedUpgrade(StateStore state) {
        returnedUpgrade(state).ifPresent(height -> {
            skipHeights.add(height);
            returnedFrom.add(height);
        });
    }

    /**
     * The height of the upgrade the validators' last recovery returned from, when it was a RETURN
     * (state.json's recovery section, kept until the next upgrade is scheduled): every start of the
     * release before it skips it, as a Cosmovisor operator keeps that flag in the node's arguments
     * after such a return. Otherwise the node, started again while the chain is at that height, stops
     * there again, and data/upgrade-info.json, restored with the checkpoint, still names it.
     */
    static OptionalLong returnedUpgrade(StateStore state) {
        OptionalLong height = RecoveryActions.returnedFrom(state);
        height.ifPresent(h -> LOG.infof("the validators returned from the upgrade at height %d: the node is started with %s %d", h,
                SkipHeights.FLAG, h));
        return height;
    }

    @Override
    public String name() {
        return AgentConfig.Source.COSMOS.key();
    }

    @Override
    public void start(Announcements to) {
        announceTo(to);
        if (!skipHeights.isEmpty()) {
            LOG.infof("%s %s: the node skips the upgrades at these heights; the agent neither stages nor halts for them",
                    SkipHeights.FLAG, skipHeights);
        }
        watcher.scheduleWithFixedDelay(this::checkPlan, 0, settings.cutover().planPollInterval().toMillis(), TimeUnit.MILLISECONDS);
        watcher.scheduleWithFixedDelay(this::checkUpgradeInfo, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Where announcements go (a first answer of the node that came before is judged now);
     * {@link #start} also schedules the checks.
     */
    void announceTo(Announcements to) {
        OptionalLong early;
        synchronized (this) {
            this.announcements = to;
            early = answeredBeforeStart;
        }
        early.ifPresent(this::nodeFirstAnswered);
    }

    /** The chain's scheduled plan: announced as soon as it exists, withdrawn when governance drops it. */
    void checkPlan() {
        Optional<UpgradePlan> plan;
        try {
            plan = plans.currentPlan();
            reported.remove("plan-query");
        } catch (IOException | RuntimeException e) {
            if (reported.add("plan-query")) {
                LOG.warnf("cannot ask the node for its upgrade plan (%s); the upgrade is still detected from %s at the height",
                        e.getMessage(), layout.upgradeInfoFile());
            }
            return;
        }
        for (String id : announcedFromPlan) {
            if (plan.isEmpty() || !plan.get().proposalId().equals(id)) {
                announcedFromPlan.remove(id);
                UpgradePlan gone = known.get(id);
                announcements.withdrawn(id, gone == null ? 0 : gone.height(), "the chain no longer schedules it");
            }
        }
        plan.ifPresent(p -> {
            if (consider(p, "the chain's upgrade plan")) {
                announcedFromPlan.add(p.proposalId());
            }
        });
    }

    /** data/upgrade-info.json: written by the node at the height (or ahead of it by add-upgrade --upgrade-height). */
    void checkUpgradeInfo() {
        UpgradeInfoFile.Content content = UpgradeInfoFile.read(layout.upgradeInfoFile());
        if (content instanceof UpgradeInfoFile.Present present) {
            UpgradePlan plan = present.plan();
            if (consider(plan, layout.upgradeInfoFile().toString()) && atHeight(plan)) {
                announcements.haltSeen(target(plan));
            }
        } else if (content instanceof UpgradeInfoFile.Malformed malformed) {
            if (reported.add("malformed:" + malformed.reason())) {
                LOG.errorf("%s is malformed: %s; ignored (the node is not stopped for it)", layout.upgradeInfoFile(), malformed.reason());
                announcements.refused(UPGRADE_INFO_ID, "malformed " + UPGRADE_INFO_ID + ": " + malformed.reason()
                        + "; the node is not stopped for it");
            }
        } else if (content instanceof UpgradeInfoFile.Empty) {
            LOG.debugf("%s is empty (being written?): read again at the next poll", layout.upgradeInfoFile());
        }
        checkBatch();
    }

    /**
     * Cosmovisor's batch upgrades ({@code data/upgrade-info.json.batch}): the next one above the node's
     * height is a target, staged early and halted for when the node's height reaches it (there is no
     * file from the node for these: a height is needed, from the node's RPC, and none is announced
     * before the node has answered).
     */
    private void checkBatch() {
        if (!cosmovisorHome) {
            return;
        }
        KnownUpgrades known = KnownUpgrades.read(layout);
        if (!known.problems().isEmpty()) {
            String why = String.join("; ", known.problems());
            if (reported.add("known:" + why)) {
                LOG.errorf("the known upgrades contradict each other: %s", why);
                announcements.refused(KnownUpgrades.BATCH, why);
            }
            return;
        }
        OptionalLong answered = nodeHeight.get(); // asked here too: the agent may not have polled the node yet
        if (answered.isEmpty()) {
            // without the node's height a batch upgrade may be one the node has already passed (restored past it)
            List<UpgradePlan> listed = known.batchAbove(announcements.nodeHeight());
            if (!listed.isEmpty() && reported.add("batch-without-height")) {
                LOG.warnf("batch upgrade %s at height %d waits for the node's height, and its RPC does not answer yet"
                        + " (config/config.toml [rpc] laddr, or CUTOVER_NODE_STATUS_URL)", listed.get(0).name(), listed.get(0).height());
            }
            return;
        }
        List<UpgradePlan> next = known.batchAbove(Math.max(announcements.nodeHeight(), answered.getAsLong()));
        if (!next.isEmpty()) {
            consider(next.get(0), layout.dataDir().resolve(KnownUpgrades.BATCH).toString());
        }
    }

    /** Whether the node may be at {@code plan}'s height: it does not answer, or its height is at least H-1. */
    private boolean atHeight(UpgradePlan plan) {
        OptionalLong h = nodeHeight.get();
        return h.isEmpty() || h.getAsLong() >= plan.height() - 1;
    }

    /** Announces {@code plan} unless it is invalid, skipped by the node or already applied; true when announced. */
    private boolean consider(UpgradePlan plan, String from) {
        String problem = plan.problem();
        if (problem != null) {
            if (reported.add("invalid:" + plan)) {
                announcements.refused(plan.proposalId(), "invalid plan from " + from + ": " + problem);
            }
            return false;
        }
        if (skipHeights.contains(plan.height())) {
            if (reported.add("skip:" + plan.proposalId())) {
                LOG.infof("upgrade %s at height %d is in %s: the node skips it, so it is neither staged nor halted for",
                        plan.name(), plan.height(), SkipHeights.FLAG);
            }
            return false;
        }
        String notNew = applied.judge(plan);
        if (notNew != null) {
            if (!notNew.isEmpty() && reported.add("applied:" + plan.proposalId())) {
                LOG.warnf("%s: %s; ignored, the node is not stopped for it", from, notNew);
                announcements.refused(plan.proposalId(), notNew + " (" + from + "); the node is not stopped for it");
            }
            return false;
        }
        if (known.put(plan.proposalId(), plan) == null) {
            LOG.infof("upgrade %s at height %d announced by %s", plan.name(), plan.height(), from);
        }
        announcements.announced(target(plan));
        return true;
    }

    @Override
    public boolean haltPending(long lastSeenHeight) {
        Optional<UpgradePlan> plan = applied.pendingInFile();
        boolean seenBelow = lastSeenHeight > 0 && plan.isPresent() && lastSeenHeight < plan.get().height() - 1;
        return cosmovisorHome && plan.isPresent() && !seenBelow;
    }

    @Override
    public boolean exitIsHalt(int code) {
        Optional<UpgradePlan> plan = applied.pendingInFile();
        if (plan.isEmpty() || !consider(plan.get(), layout.upgradeInfoFile().toString())) {
            return false;
        }
        announcements.haltSeen(target(plan.get()));
        return true;
    }

    /**
     * A node whose first answer shows a height where another release is in force (restored from a
     * snapshot taken after an upgrade: the old binary cannot run it) is moved to that release.
     */
    @Override
    public void nodeFirstAnswered(long height) {
        synchronized (this) {
            if (announcements == null) { // the agent polls its node from its own start, before this source is started
                answeredBeforeStart = OptionalLong.of(height);
                return;
            }
        }
        if (!cosmovisorHome || applied.pendingInFile().isPresent()) {
            return;
        }
        // an upgrade the node skips (--unsafe-skip-upgrades, a RETURN's height) is never in force
        KnownUpgrades upgrades = KnownUpgrades.read(layout).skipping(skipHeights);
        KnownUpgrades.InForce due = upgrades.inForceAt(height, layout);
        try {
            if (!upgrades.problems().isEmpty() || due.release().equals(layout.currentRelease())) {
                return;
            }
        } catch (IOException e) {
            return;
        }
        String why = "the node is at height " + height + ", where " + due.which() + " is in force";
        if (!due.installed()) {
            why += ", but " + layout.binary(due.release()) + " is missing (install it: rollout-agent cosmovisor add-upgrade)";
            LOG.error(why);
        }
        announcements.releaseInForce(due.release(), why);
    }

    @Override
    public List<KnownUpgrade> knownUpgrades() {
        return cosmovisorHome ? KnownUpgrades.read(layout).upgrades().stream()
                .map(k -> new KnownUpgrade(k.plan().name(), k.plan().height(), k.from().name().toLowerCase(java.util.Locale.ROOT))).toList()
                : List.of();
    }

    @Override
    public boolean endsWithNode() {
        return cosmovisorHome;
    }

    @Override
    public boolean startsAfterSwitch() {
        return settings.restartAfterUpgrade();
    }

    /** The target of a plan; this platform's URL and SHA-256 when the info lists them inline. */
    Target target(UpgradePlan plan) {
        List<Target.Artifact> artifacts = List.of();
        if (plan.info().trim().startsWith("{")) {
            try {
                URI url = PlanInfo.fromJson(plan.info().trim()).urlFor(platform);
                Optional<Checksum> checksum = Checksum.of(url, u -> {
                    throw new IOException("not fetched while announcing");
                });
                String sha256 = checksum.filter(c -> c.type().equals("sha256")).map(Checksum::hex).orElse("");
                artifacts = List.of(new Target.Artifact(platform, sha256, Checksum.withoutChecksum(url).toString()));
            } catch (PlanInfo.InvalidPlanInfoException | Checksum.InvalidChecksumException | IllegalArgumentException e) {
                // reported when staging reads the info
            }
        }
        return new Target(plan.proposalId(), plan.name(), plan.height(), artifacts, Target.Origin.CHAIN);
    }

    /**
     * data/upgrade-info.json naming the target is the halt; a height the node gives must not contradict
     * it. A batch upgrade has no such file: the node's height at H-1 is its halt.
     */
    @Override
    public OptionalLong haltPoint(Target target, OptionalLong nodeHeight) {
        if (UpgradeInfoFile.read(layout.upgradeInfoFile()) instanceof UpgradeInfoFile.Present p
                && p.plan().name().equalsIgnoreCase(target.tag())
                && (nodeHeight.isEmpty() || nodeHeight.getAsLong() >= p.plan().height() - 1)) {
            return OptionalLong.of(p.plan().height());
        }
        boolean batch = cosmovisorHome && KnownUpgrades.read(layout).upgrades().stream()
                .anyMatch(k -> k.from() == KnownUpgrades.From.BATCH && k.plan().proposalId().equals(target.proposalId()));
        if (batch && nodeHeight.isPresent() && nodeHeight.getAsLong() >= target.height() - 1) {
            return OptionalLong.of(target.height());
        }
        return OptionalLong.empty();
    }

    /**
     * The halted node does not exit by itself: SIGKILL at once, or SIGINT and DAEMON_SHUTDOWN_GRACE
     * when that is set; then DAEMON_RESTART_DELAY, before the agent's backup as in Cosmovisor.
     */
    @Override
    public void stopNode(ReleaseProcesses processes) {
        processes.stop(haltStop(settings));
        sleep(settings.restartDelay());
    }

    /** Cosmovisor's stop at the halt. */
    static StopPolicy haltStop(CosmovisorSettings settings) {
        return settings.shutdownGrace().isZero() ? new StopPolicy(Duration.ZERO, Duration.ZERO, StopPolicy.Signal.KILL)
                : new StopPolicy(Duration.ZERO, settings.shutdownGrace(), StopPolicy.Signal.INT);
    }

    @Override
    public void beforeSwitch(Target target, Path stagedFolder) throws IOException {
        UpgradePlan plan = planOf(target);
        PreUpgrade hooks = new PreUpgrade(settings.daemonHome());
        if (hooks.customScript(settings.customPreupgrade(), plan) instanceof PreUpgrade.Refused r) {
            throw new IOException(r.reason());
        }
        Files.writeString(stagedFolder.resolve(CosmovisorLayout.UPGRADE_INFO),
                new UpgradePlan(cosmovisorHome && !settings.disableRecase() ? plan.name().toLowerCase(java.util.Locale.ROOT) : plan.name(),
                        plan.height(), plan.info()).toJson());
        Path binary = binaryOf(stagedFolder);
        if (hooks.binaryPreUpgrade(binary, settings.preupgradeMaxRetries()) instanceof PreUpgrade.Refused r) {
            throw new IOException(r.reason());
        }
    }

    private Path binaryOf(Path folder) throws IOException {
        if (runConfig(folder) instanceof ConfigResult.Valid<RunConfig> valid) {
            return folder.resolve(valid.value().node().path());
        }
        throw new IOException("no binary to run in " + folder);
    }

    /** Cosmovisor's backup: {@code $DAEMON_HOME/data} into DAEMON_DATA_BACKUP_DIR unless UNSAFE_SKIP_BACKUP. */
    @Override
    public CheckpointSettings checkpoint(CheckpointSettings configured) {
        return configured.withDefaultData(layout.dataDir()).cosmovisorBackup(settings.unsafeSkipBackup(), settings.dataBackupDir(),
                settings.cutover().backupKeepFreeBytes(), settings.cutover().upgradeWithoutBackup(), cosmovisorHome);
    }

    @Override
    public StagingOutcome stage(Target target, Stager visorStager) {
        return cosmovisorHome ? stager.stage(planOf(target)) : visorStager.stage(target);
    }

    /**
     * On a Cosmovisor home the fix replaces {@code upgrades/<name>/bin} of the failed upgrade (the
     * failing binary kept beside it as {@code bin.failed}): staged first into {@code upgrades/<fix>}
     * as any upgrade (a binary placed there, or the fix's artifact downloaded), and its binary checked
     * against the SHA-256 the validators approved for this platform, if any, before it replaces anything.
     */
    @Override
    public StagingOutcome stageHotFix(Target fix, Target failed, Stager visorStager) {
        if (!cosmovisorHome) {
            return visorStager.stage(fix);
        }
        StagingOutcome staged = stager.stage(new UpgradePlan(fix.tag(), fix.height(), HotFixes.planInfo(fix, platform)));
        if (!(staged instanceof StagingOutcome.Staged done)) {
            return staged;
        }
        Optional<String> problem;
        try {
            problem = HotFixes.checksumProblem(fix, platform, layout.binary(done.folder()));
        } catch (IOException e) {
            problem = Optional.of("cannot read " + layout.binary(done.folder()) + ": " + e);
        }
        if (problem.isPresent()) {
            return new StagingOutcome.Failed(io.cutover.agent.staging.StagingProblem.CHECKSUM_MISMATCH, problem.get());
        }
        boolean verified = done.checksumVerified() || HotFixes.approvedSha256(fix, platform).isPresent();
        String release = layout.releaseOf(planOf(failed).name());
        try {
            HotFixes.replaceBin(layout.folder(done.folder()), layout.folder(release));
        } catch (IOException e) {
            return new StagingOutcome.Failed(io.cutover.agent.staging.StagingProblem.BAD_RELEASE_FOLDER,
                    "the hot-fix " + fix.tag() + " cannot replace " + layout.folder(release).resolve("bin") + ": " + e);
        }
        LOG.infof("hot-fix %s replaces %s", fix.tag(), layout.binary(release));
        return new StagingOutcome.Staged(release, verified);
    }

    @Override
    public ConfigResult<RunConfig> runConfig(Path folder) {
        ConfigResult<RunConfig> config = cosmovisorHome
                ? new ConfigResult.Valid<>(new RunConfig(folder.getFileName().toString(),
                        new RunConfig.Binary("bin/" + settings.daemonName(), nodeArgs), Optional.empty()))
                : RunConfig.read(folder);
        if (config instanceof ConfigResult.Valid<RunConfig> valid && !returnedFrom.isEmpty()) {
            RunConfig run = valid.value();
            return new ConfigResult.Valid<>(new RunConfig(run.name(),
                    new RunConfig.Binary(run.node().path(), SkipHeights.adding(run.node().args(), returnedFrom)), run.dataNode(), run.rpc()));
        }
        return config;
    }

    @Override
    public Optional<String> releaseTag(String folder) {
        String prefix = CosmovisorLayout.UPGRADES + "/";
        return cosmovisorHome && folder.startsWith(prefix)
                ? Optional.of(URLDecoder.decode(folder.substring(prefix.length()), StandardCharsets.UTF_8)) : Optional.empty();
    }

    @Override
    public List<String> startArgs(Target target, List<String> runConfigArgs) {
        return runConfigArgs;
    }

    /**
     * A RETURN starts the binary before the failed upgrade with {@code --unsafe-skip-upgrades H}: the
     * node skips that upgrade by itself, so from then on the agent neither stages nor halts for it
     * (data/upgrade-info.json, restored with the backup, still names it).
     */
    @Override
    public List<String> returnArgs(Target failed, List<String> runConfigArgs) {
        skipHeights.add(failed.height());
        returnedFrom.add(failed.height());
        return SkipHeights.of(runConfigArgs).contains(failed.height()) ? runConfigArgs : UpgradeSource.super.returnArgs(failed, runConfigArgs);
    }

    /** The plan of a target, with its info when known (after an agent restart: from the node's file or query). */
    private UpgradePlan planOf(Target target) {
        UpgradePlan plan = known.get(target.proposalId());
        if (plan != null) {
            return plan;
        }
        if (UpgradeInfoFile.read(layout.upgradeInfoFile()) instanceof UpgradeInfoFile.Present p && p.plan().proposalId().equals(target.proposalId())) {
            return p.plan();
        }
        try {
            Optional<UpgradePlan> current = plans.currentPlan();
            if (current.isPresent() && current.get().proposalId().equals(target.proposalId())) {
                return current.get();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("plan %s not re-read: %s", target.proposalId(), e.getMessage());
        }
        return new UpgradePlan(target.tag(), target.height(), "");
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        plans.close();
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        LOG.infof("DAEMON_RESTART_DELAY: waiting %d ms", d.toMillis());
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
