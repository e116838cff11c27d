package io.cutover.agent.runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.home.VisorKeyDefaults;
import io.cutover.agent.messaging.ApprovalConsumer;
import io.cutover.agent.messaging.PeerReports;
import io.cutover.agent.messaging.RecoveriesOnly;
import io.cutover.agent.messaging.StatusPublisher;
import io.cutover.agent.node.NodeClient;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.core.events.Topics;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;

/** Everything {@code rollout-agent run} starts, wired together, and stopped in reverse order. */
public final class RunningAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunningAgent.class);

    private final Agent agent;
    private final Optional<StatusPublisher> publisher;
    private final UpgradeSource source;
    private final StatusApi api;
    /** Recoveries for a cosmos agent with Kafka and network.toml. */
    private final Optional<ApprovalConsumer> recoveries;

    private RunningAgent(Agent agent, Optional<StatusPublisher> publisher, UpgradeSource source, StatusApi api,
            Optional<ApprovalConsumer> recoveries) {
        this.agent = agent;
        this.publisher = publisher;
        this.source = source;
        this.api = api;
        this.recoveries = recoveries;
    }

    /**
     * Reads config.toml and, when named, network.toml, and checks the current release's run-config
     * and binaries (throwing InvalidConfigException listing every problem), starts the node and then
     * the upgrade source. Without [kafka] nothing is published.
     */
    public static RunningAgent start(AgentHome home, Clock clock) throws IOException {
        AgentConfig config = AgentConfigParser.read(home.root()).orThrow();
        RunConfig.readRunnable(home.release(home.currentRelease())).orThrow();
        VisorKeyDefaults.zeroValueNotes(config).forEach(LOG::warn);
        Identities.Resolved resolved = Identities.resolve(home, config);
        return start(home, config, resolved.identity(), resolved.network(),
                node -> UpgradeSources.create(home, config, resolved.network(), node), clock);
    }

    /**
     * Starts an agent on a config made elsewhere (e.g. from Cosmovisor's variables) with the source {@code sources} makes.
     *
     * @param network network.toml: its validators tell the voting power back on a new release from the
     *                other agents' rollout.status reports (without it nodes are counted instead)
     */
    public static RunningAgent start(AgentHome home, AgentConfig config, Agent.Identity identity, Optional<NetworkConfig> network,
            Function<NodeClient, UpgradeSource> sources, Clock clock) throws IOException {
        List<ValidatorInfo> validators = network.map(NetworkConfig::validators).orElse(List.of());
        AgentMetrics metrics = new AgentMetrics(identity.chainId(), identity.nodeName());
        Optional<StatusPublisher> publisher = config.kafka().map(k -> new StatusPublisher(k.clientProperties(), identity.nodeName()));
        NodeClient node = new NodeClient(config.node());
        UpgradeSource source = sources.apply(node);
        PeerReports peers = config.kafka().filter(k -> !identity.chainId().isEmpty())
                .map(k -> new PeerReports(k.clientProperties(), identity.chainId(), identity.nodeName(), validators))
                .orElseGet(PeerReports::none);
        Agent agent = new Agent(home, config, identity, clock, node, source,
                status -> publisher.ifPresent(p -> p.publish(status)), peers, metrics);
        metrics.status(agent::status);
        StatusApi api = new StatusApi(config.api().host(), config.api().port(), agent::status, metrics, source::knownUpgrades);
        agent.start();
        if (config.upgrade().source() != AgentConfig.Source.COSMOS) {
            // a Cosmos node's halt is its own upgrade-info.json, watched from the first second
            waitForFirstHeight(agent, config.node().startTimeout());
        }
        source.start(agent);
        // the cutover source reads recoveries with its approvals, the vega-core source with the approvals it reads for checksums
        Optional<ApprovalConsumer> recoveries = config.upgrade().source() != AgentConfig.Source.COSMOS ? Optional.empty()
                : network.flatMap(n -> config.kafka().map(k -> new ApprovalConsumer(k.clientProperties(), n, identity.nodeName(),
                        new RecoveriesOnly(agent))));
        recoveries.ifPresent(consumer -> {
            LOG.infof("reading the recoveries of %s's failed upgrades from %s", identity.chainId(), Topics.APPROVALS);
            agent.readRecoveries();
            consumer.start();
        });
        LOG.infof("rollout agent %s of %s running (upgrade source %s%s): API on http://%s:%d/api/v1/status", identity.nodeName(),
                identity.chainId().isEmpty() ? "an unnamed chain" : identity.chainId(), source.name(),
                publisher.isPresent() ? ", reporting on Kafka" : ", no Kafka", config.api().host(), api.port());
        return new RunningAgent(agent, publisher, source, api, recoveries);
    }

    /** Targets are read once the node's height is known, so that passed ones are recognised as passed. */
    private static void waitForFirstHeight(Agent agent, Duration atMost) {
        long deadline = System.nanoTime() + Math.min(atMost.toNanos(), Duration.ofSeconds(30).toNanos());
        while (agent.height() < 0 && agent.state().lastSeenHeight() == 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public Agent agent() {
        return agent;
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        LOG.info("rollout agent stopping: stopping the node with the stop policy");
        source.close();
        recoveries.ifPresent(ApprovalConsumer::close);
        agent.close();
        api.close();
        publisher.ifPresent(StatusPublisher::close);
    }
}
