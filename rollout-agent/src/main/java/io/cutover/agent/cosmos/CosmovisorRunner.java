package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.KafkaSecurity;
import io.cutover.agent.node.NodeClient;
import io.cutover.agent.runtime.Agent;
import io.cutover.agent.runtime.Identities;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.agent.runtime.StateStore;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.core.proposal.Platform;

/**
 * {@code rollout-agent cosmovisor run}: the agent on a Cosmovisor home, with its settings made from
 * Cosmovisor's variables. The home is {@code $DAEMON_HOME/cosmovisor} (current, genesis,
 * upgrades/&lt;name&gt;; Cutover's state.json and .cutover/ beside them); the source is {@link CosmosSource}.
 */
public final class CosmovisorRunner {

    private static final Logger LOG = Logger.getLogger(CosmovisorRunner.class);

    private CosmovisorRunner() {
    }

    public static RunningAgent start(CosmovisorSettings settings, List<String> givenArgs, Clock clock) throws IOException {
        CosmovisorLayout layout = settings.layout();
        layout.ensureCurrent();
        AgentHome home = new AgentHome(layout.root());
        List<String> nodeArgs = skippingAReturnedUpgrade(givenArgs, new StateStore(home.state()));
        pickReleaseForHeight(layout, home, SkipHeights.of(nodeArgs));
        Path binary = layout.binary(layout.currentRelease());
        if (!Files.isRegularFile(binary)) {
            throw new IOException(binary + " does not exist (run: rollout-agent cosmovisor init <path to " + settings.daemonName() + ">)");
        }
        AgentConfig config = agentConfig(settings);
        Function<NodeClient, UpgradeSource> source = node -> new CosmosSource(settings, true, nodeArgs, CurrentPlanSource.of(settings),
                Platform.current(), clock, node::height, () -> layout.folder(layout.currentRelease()));
        Optional<CosmovisorSettings.Reporting> reporting = settings.cutover().reporting();
        if (config.network().file().isPresent()) {
            Identities.Resolved resolved = Identities.resolve(home, config);
            String chain = reporting.get().chainId();
            if (!resolved.identity().chainId().equals(chain)) {
                throw new IOException("CUTOVER_NETWORK_FILE " + config.network().file().get() + " is the network of chain "
                        + resolved.identity().chainId() + ", not of CUTOVER_CHAIN_ID " + chain);
            }
            return RunningAgent.start(home, config, resolved.identity(), resolved.network(), source, clock);
        }
        // the genesis release is reported by its folder's name: Cosmovisor runs no binary but the node itself
        Agent.Identity identity = new Agent.Identity(reporting.map(CosmovisorSettings.Reporting::chainId).orElse(""),
                reporting.map(CosmovisorSettings.Reporting::nodeName).orElse(settings.daemonName()), "", CosmovisorLayout.GENESIS,
                settings.cutover().host());
        return RunningAgent.start(home, config, identity, Optional.empty(), source, clock);
    }

    /** The node's arguments, skipping the upgrade the validators last returned from ({@link CosmosSource#returnedUpgrade}). */
    static List<String> skippingAReturnedUpgrade(List<String> nodeArgs, StateStore state) {
        OptionalLong returned = CosmosSource.returnedUpgrade(state);
        return returned.isEmpty() ? nodeArgs : SkipHeights.adding(nodeArgs, Set.of(returned.getAsLong()));
    }

    /**
     * Points {@code current} at the release in force at the node's last known height (state.json),
     * from the known upgrades (recorded and batch): a node is never started on the binary of another
     * height. An upgrade under way, or one the node's own upgrade-info.json names, is left to the
     * agent's switch (backup, pre-upgrade). Contradicting upgrades, or a missing binary, stop the start.
     *
     * @param skipHeights the upgrades the node skips: never in force
     */
    static void pickReleaseForHeight(CosmovisorLayout layout, AgentHome home, Set<Long> skipHeights) throws IOException {
        KnownUpgrades known = KnownUpgrades.read(layout).skipping(skipHeights);
        if (!known.problems().isEmpty()) {
            throw new IOException("the known upgrades contradict each other, so no binary can be chosen for the node's height and it"
                    + " is not started: " + String.join("; ", known.problems()));
        }
        Optional<RolloutState> state = new StateStore(home.state()).load();
        if (state.isEmpty() || state.get().phase() != Phase.RUNNING || state.get().target() != null) {
            return;
        }
        long height = state.get().lastSeenHeight();
        KnownUpgrades.InForce due = known.inForceAt(height, layout);
        boolean pendingHalt = due.upgrade().filter(k -> k.from() == KnownUpgrades.From.UPGRADE_INFO).isPresent();
        if (pendingHalt || due.release().equals(layout.currentRelease())) {
            return;
        }
        String release = due.release();
        String which = due.which();
        if (!due.installed()) {
            throw new IOException("the node's last known height is " + height + ", where " + which + " is in force, but "
                    + layout.binary(release) + " is missing; the node is not started on " + layout.currentRelease()
                    + " (install it: rollout-agent cosmovisor add-upgrade <name> <binary>)");
        }
        Optional<KnownUpgrades.Known> batch = due.upgrade().filter(k -> k.from() == KnownUpgrades.From.BATCH);
        if (batch.isPresent()) {
            Files.writeString(layout.recordedPlan(release), batch.get().plan().toJson());
        }
        LOG.infof("the node's last known height is %d, where %s is in force: current -> %s (was %s)", height, which, release,
                layout.currentRelease());
        layout.pointCurrentAt(release);
    }

    /**
     * How long the node gets after the SIGTERM the agent forwards when it is stopped itself
     * (Cosmovisor forwards the signal and waits without end): DAEMON_SHUTDOWN_GRACE, else this.
     */
    static final Duration AGENT_STOP_GRACE = Duration.ofSeconds(30);

    /** The agent's settings that Cosmovisor's variables stand for (README, "Replacing Cosmovisor"). */
    static AgentConfig agentConfig(CosmovisorSettings s) {
        CosmovisorSettings.Cutover c = s.cutover();
        return new AgentConfig(
                AgentConfigParser.DEFAULT_FIRST_CONNECTION_RETRIES,
                AgentConfigParser.DEFAULT_RESTART_CONNECTION_RETRIES,
                c.maxRestarts(), c.restartsDelay(), Duration.ZERO, s.shutdownGrace().isZero() ? AGENT_STOP_GRACE : s.shutdownGrace(),
                c.rollbackOnFailure(), Map.of(),
                new AgentConfig.AutoInstall(s.allowDownloadBinaries(), "", "", "", s.daemonName()),
                new AgentConfig.Network(c.reporting().flatMap(CosmovisorSettings.Reporting::networkFile),
                        c.reporting().map(CosmovisorSettings.Reporting::nodeName).orElse(s.daemonName()),
                        c.reporting().map(CosmovisorSettings.Reporting::chainId), Optional.of(c.host())),
                c.reporting().map(r -> new AgentConfig.Kafka(r.bootstrapServers(), r.heartbeat(), KafkaSecurity.plaintext())),
                new AgentConfig.Node(c.statusUrl(), AgentConfigParser.DEFAULT_HEIGHT_POINTER, AgentConfig.HaltMode.OBSERVE, "", "",
                        s.pollInterval(), c.startTimeout(), c.healthyPeriod()),
                new AgentConfig.Verification(s.downloadMustHaveChecksum(), Duration.ofSeconds(AgentConfigParser.DEFAULT_VERSION_TIMEOUT_SECONDS)),
                new AgentConfig.Api("127.0.0.1", c.apiPort()),
                new AgentConfig.Upgrade(AgentConfig.Source.COSMOS, s.pollInterval()));
    }
}
