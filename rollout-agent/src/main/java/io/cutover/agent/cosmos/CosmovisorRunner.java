package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.KafkaSecurity;
import io.cutover.agent.runtime.Agent;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.core.proposal.Platform;

/**
 * {@code rollout-agent cosmovisor run}: the agent on a Cosmovisor home, with its settings made from
 * Cosmovisor's variables. The home is {@code $DAEMON_HOME/cosmovisor} (current, genesis,
 * upgrades/&lt;name&gt;; Cutover's state.json and .cutover/ beside them); the source is {@link CosmosSource}.
 */
public final class CosmovisorRunner {

    private CosmovisorRunner() {
    }

    public static RunningAgent start(CosmovisorSettings settings, List<String> nodeArgs, Clock clock) throws IOException {
        CosmovisorLayout layout = settings.layout();
        layout.ensureCurrent();
        Path binary = layout.binary(layout.currentRelease());
        if (!Files.isRegularFile(binary)) {
            throw new IOException(binary + " does not exist (run: rollout-agent cosmovisor init <path to " + settings.daemonName() + ">)");
        }
        AgentConfig config = agentConfig(settings);
        Optional<CosmovisorSettings.Reporting> reporting = settings.cutover().reporting();
        // the genesis release is reported by its folder's name: Cosmovisor runs no binary but the node itself
        Agent.Identity identity = new Agent.Identity(reporting.map(CosmovisorSettings.Reporting::chainId).orElse(""),
                reporting.map(CosmovisorSettings.Reporting::nodeName).orElse(settings.daemonName()), "", CosmovisorLayout.GENESIS);
        return RunningAgent.start(new AgentHome(layout.root()), config, identity,
                node -> new CosmosSource(settings, true, nodeArgs, CurrentPlanSource.of(settings), Platform.current(), clock,
                        node::height, () -> layout.folder(layout.currentRelease())), clock);
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
                new AgentConfig.Network(Optional.empty(), c.reporting().map(CosmovisorSettings.Reporting::nodeName).orElse(s.daemonName()),
                        c.reporting().map(CosmovisorSettings.Reporting::chainId)),
                c.reporting().map(r -> new AgentConfig.Kafka(r.bootstrapServers(), r.heartbeat(), KafkaSecurity.plaintext())),
                new AgentConfig.Node(c.statusUrl(), AgentConfigParser.DEFAULT_HEIGHT_POINTER, AgentConfig.HaltMode.OBSERVE, "", "",
                        s.pollInterval(), c.startTimeout(), c.healthyPeriod()),
                new AgentConfig.Verification(s.downloadMustHaveChecksum(), Duration.ofSeconds(AgentConfigParser.DEFAULT_VERSION_TIMEOUT_SECONDS)),
                new AgentConfig.Api("127.0.0.1", c.apiPort()),
                new AgentConfig.Upgrade(AgentConfig.Source.COSMOS, s.pollInterval()));
    }
}
