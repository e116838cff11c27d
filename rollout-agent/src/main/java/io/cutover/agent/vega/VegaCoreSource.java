package io.cutover.agent.vega;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.cutover.agent.checkpoint.CheckpointSettings;
import io.cutover.agent.checkpoint.DataFolders;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.messaging.ApprovalConsumer;
import io.cutover.agent.messaging.RecoveriesOnly;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.agent.staging.ReleaseLocator;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.Platform;

/**
 * {@code [upgrade] source = "vega-core"}: the agent follows the Vega core's own protocol upgrade, as
 * Visor does. Every {@code upgrade.pollIntervalMillis} it calls {@code protocolupgrade.UpgradeStatus}
 * on the admin socket named by the current release's run-config ({@code [vega.rpc]}, re-read at
 * every call), announces the accepted release as a chain target ("&lt;tag&gt;@&lt;height&gt;", staged at
 * once), withdraws it when the core drops it, and takes {@code ReadyToUpgrade = true} as the halt
 * point, or a core whose first answer after the agent started it was already the upgrade height (it
 * halted there before; restarted at H it never becomes ready again, see {@link UpgradeStatusRules#halt}).
 * The new release starts with {@code --snapshot.load-from-block-height H} unless an argument already
 * names it. A SHA-256 comes from a Cutover approval of the same tag and height (when Kafka
 * and network.toml are configured) or from {@code [verification.sha256]}.
 */
public final class VegaCoreSource implements UpgradeSource {

    private static final Logger LOG = Logger.getLogger(VegaCoreSource.class);
    /** The id under which admin-socket problems are reported (they concern no particular release). */
    static final String ADMIN_RPC = "vega-admin-rpc";

    private final AgentHome home;
    private final AgentConfig config;
    private final AdminRpc rpc = new AdminRpc(2000);
    private final Optional<NetworkConfig> network;
    private final Map<String, List<Target.Artifact>> approvedArtifacts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vega-admin-poll");
        t.setDaemon(true);
        return t;
    });
    private Announcements agent;
    private ApprovalConsumer consumer;
    private volatile int failures;
    private volatile int failureLimit;
    /** The last admin-socket problem reported (empty while the socket answers well). */
    private volatile String socketProblem = "";
    /** The last announcement refused, so that it is reported once, not at every poll. */
    private volatile String lastRefusal = "";
    /** The height of the node's first answer since the agent last started it; -1 before it answered. */
    private volatile long firstHeightSinceStart = -1;

    /**
     * @param network with Kafka configured too, verified Cutover approvals of the same tag and height
     *                supply the release's SHA-256
     */
    public VegaCoreSource(AgentHome home, AgentConfig config, Optional<NetworkConfig> network) {
        this.home = home;
        this.config = config;
        this.failureLimit = config.maxNumberOfFirstConnectionRetries();
        this.network = network;
        if (config.kafka().isPresent() && network.isEmpty()) {
            LOG.info("Kafka is configured but network.file is not: Cutover approvals cannot be verified, so none supplies a checksum");
        }
    }

    @Override
    public String name() {
        return AgentConfig.Source.VEGA_CORE.key();
    }

    @Override
    public void start(Announcements announcements) {
        this.agent = announcements;
        if (network.isPresent() && config.kafka().isPresent()) {
            consumer = new ApprovalConsumer(config.kafka().get().clientProperties(), network.get(), config.network().nodeName(),
                    new ChecksumsFromApprovals(announcements));
            consumer.start();
        }
        long every = config.upgrade().pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    /** One UpgradeStatus call and what follows from it. */
    void poll() {
        AdminRpc.UpgradeStatus status;
        try {
            status = call();
        } catch (AdminRpc.Failure f) {
            failed(f);
            return;
        } catch (RuntimeException e) {
            LOG.error("admin socket poll failed", e);
            return;
        }
        if (!socketProblem.isEmpty()) {
            LOG.infof("the core's admin socket answers again (after %d failed calls)", failures);
            socketProblem = "";
        }
        failures = 0;
        List<UpgradeStatusRules.Action> actions = UpgradeStatusRules.decide(status, agent.pendingTarget(), agent.nodeHeight(),
                agent.runningRelease());
        if (actions.stream().noneMatch(a -> a instanceof UpgradeStatusRules.Refuse)) {
            lastRefusal = "";
        }
        for (UpgradeStatusRules.Action action : actions) {
            act(action);
        }
        refreshChecksum(status);
    }

    private void act(UpgradeStatusRules.Action action) {
        if (action instanceof UpgradeStatusRules.Announce a) {
            String id = UpgradeStatusRules.targetId(a.tag(), a.height());
            List<Target.Artifact> artifacts = approvedArtifacts.getOrDefault(id, List.of());
            LOG.infof("the core accepted the protocol upgrade to %s at height %d: staging it now%s", a.tag(), a.height(),
                    artifacts.isEmpty() ? "" : " (SHA-256 from a Cutover approval)");
            agent.announced(new Target(id, a.tag(), a.height(), artifacts, Target.Origin.CHAIN));
        } else if (action instanceof UpgradeStatusRules.Withdraw w) {
            LOG.warnf("upgrade %s withdrawn: %s", w.targetId(), w.why());
            agent.withdrawn(w.targetId(), w.height(), w.why());
        } else if (action instanceof UpgradeStatusRules.Refuse r) {
            String refusal = r.targetId() + ": " + r.reason();
            if (!refusal.equals(lastRefusal)) {
                lastRefusal = refusal;
                LOG.errorf("IGNORED %s", refusal);
                agent.refused(r.targetId(), r.reason());
            }
        }
    }

    /** A checksum that became known after the target was announced: announced again with it, so staging verifies it. */
    private void refreshChecksum(AdminRpc.UpgradeStatus status) {
        Optional<Target> pending = agent.pendingTarget().filter(t -> t.origin() == Target.Origin.CHAIN && t.artifacts().isEmpty());
        if (pending.isEmpty() || status.readyToUpgrade() || !approvedArtifacts.containsKey(pending.get().proposalId())) {
            return;
        }
        Target t = pending.get();
        LOG.infof("a Cutover approval supplies the SHA-256 of %s: staging it again to verify it", t.proposalId());
        agent.withdrawn(t.proposalId(), t.height(), "re-staging with the SHA-256 of a Cutover approval");
        agent.announced(new Target(t.proposalId(), t.tag(), t.height(), approvedArtifacts.get(t.proposalId()), Target.Origin.CHAIN));
    }

    private void failed(AdminRpc.Failure f) {
        if (f.answered()) {
            failures = 0;
            report(ADMIN_RPC, "the core's admin RPC answered something unusable: " + f.getMessage());
            return;
        }
        int n = ++failures;
        if (n == failureLimit) {
            report(ADMIN_RPC, f.getMessage() + " (" + n + " calls in a row; the limit of maxNumberOf"
                    + (failureLimit == config.maxNumberOfFirstConnectionRetries() ? "First" : "Restart")
                    + "ConnectionRetries is reached. The node keeps running; the agent keeps asking)");
        } else if (n == 1 || n % 40 == 0) {
            LOG.infof("still waiting for the core's admin socket (%d of %d attempts): %s", n, failureLimit, f.getMessage());
        }
        if (n == Math.min(failureLimit, 40) && n != failureLimit) {
            report(ADMIN_RPC, f.getMessage());
        }
    }

    /** An admin-socket problem is logged and put on the status once, not at every poll. */
    private void report(String id, String reason) {
        if (reason.equals(socketProblem)) {
            return;
        }
        socketProblem = reason;
        LOG.errorf("%s: %s", id, reason);
        agent.refused(id, reason);
    }

    private AdminRpc.UpgradeStatus call() throws AdminRpc.Failure {
        RunConfig.Rpc where = currentRpc();
        return rpc.upgradeStatus(where.socket(), where.path());
    }

    /** The current release's [vega.rpc], re-read at every call as Visor does (defaults when absent). */
    private RunConfig.Rpc currentRpc() {
        if (RunConfig.read(home.current()) instanceof ConfigResult.Valid<RunConfig> valid) {
            return valid.value().rpc().orElse(new RunConfig.Rpc(Optional.empty(), Optional.empty()));
        }
        return new RunConfig.Rpc(Optional.empty(), Optional.empty());
    }

    @Override
    public OptionalLong haltPoint(Target target, OptionalLong nodeHeight) {
        try {
            AdminRpc.UpgradeStatus status = call();
            long first = firstHeightSinceStart;
            switch (UpgradeStatusRules.halt(status, target, first < 0 ? OptionalLong.empty() : OptionalLong.of(first))) {
                case READY -> {
                    LOG.infof("the core says ReadyToUpgrade: it took its snapshot at %d and stopped", target.height());
                    return OptionalLong.of(target.height());
                }
                case HALTED_BEFORE_RESTART -> {
                    LOG.infof("the core answered at height %d, the height of the accepted upgrade to %s, from its first answer after the"
                            + " agent started it: it had already halted at %d (snapshot taken) before that start, and a core restarted at"
                            + " the upgrade height does not report ReadyToUpgrade again; stopping it to start %s from its snapshot at %d",
                            target.height(), target.tag(), target.height(), target.tag(), target.height());
                    return OptionalLong.of(target.height());
                }
                case READY_FOR_ANOTHER -> report(ADMIN_RPC, "the core is ready to upgrade to "
                        + status.accepted().map(a -> a.tag() + "@" + a.height()).orElse("?") + ", not to " + target.proposalId() + "; waiting");
                case NOT_YET -> {
                }
            }
        } catch (AdminRpc.Failure f) {
            LOG.debugf("halt point not known: %s", f.getMessage());
        }
        return OptionalLong.empty();
    }

    @Override
    public void nodeStarted(boolean afterCrash) {
        firstHeightSinceStart = -1;
        failures = 0;
        failureLimit = afterCrash ? config.maxNumberOfRestartConnectionRetries() : config.maxNumberOfFirstConnectionRetries();
    }

    @Override
    public void nodeFirstAnswered(long height) {
        firstHeightSinceStart = height;
    }

    @Override
    public ReleaseLocator releaseLocator() {
        return new GithubReleases(config.autoInstall(), Platform.current());
    }

    /** The core's state folder ({@code <--home>/state} of the current run-config) unless {@code [checkpoint] data} names one. */
    @Override
    public CheckpointSettings checkpoint(CheckpointSettings configured) {
        if (configured.data().isEmpty() && RunConfig.read(home.current()) instanceof ConfigResult.Valid<RunConfig> valid) {
            return DataFolders.vegaState(valid.value().node().args(), home.current()).map(configured::withDefaultData).orElse(configured);
        }
        return configured;
    }

    /** Visor's rule: {@code --snapshot.load-from-block-height H} is appended unless an argument already contains that name. */
    @Override
    public List<String> startArgs(Target target, List<String> runConfigArgs) {
        String name = config.node().snapshotArg();
        List<String> args = new ArrayList<>(runConfigArgs);
        if (!name.isBlank() && runConfigArgs.stream().noneMatch(a -> a.contains(name))) {
            args.add(name);
            args.add(Long.toString(target.height()));
        }
        return args;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        if (consumer != null) {
            consumer.close();
        }
        rpc.close();
    }

    /**
     * Verified Cutover approvals are read only for their checksums (and recoveries are passed on): the
     * core, not Kafka, decides the upgrade here.
     */
    private final class ChecksumsFromApprovals extends RecoveriesOnly {

        ChecksumsFromApprovals(Announcements agent) {
            super(agent);
        }

        @Override
        public void announced(Target target) {
            String id = UpgradeStatusRules.targetId(target.tag(), target.height());
            List<Target.Artifact> own = target.artifacts().stream().filter(a -> a.platform().equals(Platform.current())).toList();
            if (!own.isEmpty()) {
                approvedArtifacts.put(id, own);
            }
        }

        @Override
        public void withdrawn(String targetId, long height, String why) {
            approvedArtifacts.keySet().removeIf(k -> k.endsWith("@" + height));
        }

        @Override
        public void refused(String targetId, String reason) {
            LOG.warnf("approval %s not used for its checksum: %s", targetId, reason);
        }
    }
}
