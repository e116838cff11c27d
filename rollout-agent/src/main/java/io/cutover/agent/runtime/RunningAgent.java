package io.cutover.agent.runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import org.jboss.logging.Logger;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.messaging.ApprovalConsumer;
import io.cutover.agent.messaging.StatusPublisher;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.network.ValidatorInfo;

/** Everything {@code rollout-agent run} starts, wired together, and stopped in reverse order. */
public final class RunningAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunningAgent.class);

    private final Agent agent;
    private final StatusPublisher publisher;
    private final ApprovalConsumer approvals;
    private final StatusApi api;

    private RunningAgent(Agent agent, StatusPublisher publisher, ApprovalConsumer approvals, StatusApi api) {
        this.agent = agent;
        this.publisher = publisher;
        this.approvals = approvals;
        this.api = api;
    }

    /** Reads config.toml and network.toml (throwing InvalidConfigException listing every problem) and starts. */
    public static RunningAgent start(AgentHome home, Clock clock) throws IOException {
        AgentConfig config = AgentConfigParser.read(home.root()).orThrow();
        NetworkConfig network = NetworkConfigParser.read(config.network().file()).orThrow();
        String nodeName = config.network().nodeName();
        String validatorKey = network.validators().stream().filter(v -> v.name().equals(nodeName))
                .map(ValidatorInfo::pubKey).findFirst().orElse("");
        if (validatorKey.isEmpty()) {
            LOG.warnf("network.nodeName %s is not a validator of %s; reporting without a validator key", nodeName,
                    config.network().file());
        }
        AgentMetrics metrics = new AgentMetrics(network.chainId(), nodeName);
        StatusPublisher publisher = new StatusPublisher(config.kafka().clientProperties(), nodeName);
        Agent agent = new Agent(home, config,
                new Agent.Identity(network.chainId(), nodeName, validatorKey, network.currentRelease().text()), clock,
                publisher::publish, metrics);
        metrics.status(agent::status);
        StatusApi api = new StatusApi(config.api().host(), config.api().port(), agent::status, metrics);
        agent.start();
        waitForFirstHeight(agent, config.node().startTimeout());
        ApprovalConsumer approvals = new ApprovalConsumer(config.kafka().clientProperties(), network, nodeName, agent::submit);
        approvals.start();
        LOG.infof("rollout agent %s of %s running: API on http://%s:%d/api/v1/status", nodeName, network.chainId(),
                config.api().host(), api.port());
        return new RunningAgent(agent, publisher, approvals, api);
    }

    /** Approvals are read once the node's height is known, so that passed ones are recognised as passed. */
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
        approvals.close();
        agent.close();
        api.close();
        publisher.close();
    }
}
