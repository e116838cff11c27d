package io.cutover.agent.source;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import org.jboss.logging.Logger;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.messaging.ApprovalConsumer;
import io.cutover.agent.node.NodeClient;
import io.cutover.core.network.NetworkConfig;

/**
 * {@code [upgrade] source = "cutover"}: targets are approvals on upgrade.approvals whose quorum
 * certificate verified against network.toml. In {@code node.haltMode = "admin"} the node is asked
 * to halt at H (and asked again after every node start); the halt point is the node reporting H.
 * The new release gets {@code node.snapshotArg H} appended.
 */
public final class CutoverSource implements UpgradeSource {

    private static final Logger LOG = Logger.getLogger(CutoverSource.class);

    private final AgentConfig.Node node;
    private final NodeClient client;
    private final Properties kafka;
    private final NetworkConfig network;
    private final String nodeName;
    private ApprovalConsumer approvals;
    private volatile long haltRequestedFor = -1;

    public CutoverSource(AgentConfig config, NetworkConfig network, NodeClient client) {
        this.node = config.node();
        this.client = client;
        this.kafka = config.kafka().orElseThrow(() -> new IllegalStateException("the cutover source needs [kafka]"))
                .clientProperties();
        this.network = network;
        this.nodeName = config.network().nodeName();
    }

    @Override
    public String name() {
        return AgentConfig.Source.CUTOVER.key();
    }

    @Override
    public void start(Announcements announcements) {
        approvals = new ApprovalConsumer(kafka, network, nodeName, announcements);
        approvals.start();
    }

    @Override
    public OptionalLong haltPoint(Target target, OptionalLong nodeHeight) {
        if (nodeHeight.isPresent() && nodeHeight.getAsLong() >= target.height()) {
            if (nodeHeight.getAsLong() > target.height()) {
                LOG.warnf("node is at height %d, past the upgrade height %d (observe mode stops as soon as it sees H)",
                        nodeHeight.getAsLong(), target.height());
            }
            return nodeHeight;
        }
        return OptionalLong.empty();
    }

    @Override
    public void steerTowards(Target target) {
        if (node.haltMode() != AgentConfig.HaltMode.ADMIN || haltRequestedFor == target.height()) {
            return;
        }
        if (client.requestHalt(target.height())) {
            haltRequestedFor = target.height();
            LOG.infof("node will halt at height %d", target.height());
        }
    }

    @Override
    public boolean steerClear() {
        haltRequestedFor = -1;
        return node.haltMode() != AgentConfig.HaltMode.ADMIN || client.requestHalt(0);
    }

    @Override
    public void nodeStarted(boolean afterCrash) {
        haltRequestedFor = -1;
    }

    @Override
    public List<String> startArgs(Target target, List<String> runConfigArgs) {
        List<String> args = new ArrayList<>(runConfigArgs);
        if (!node.snapshotArg().isBlank()) {
            args.add(node.snapshotArg());
            args.add(Long.toString(target.height()));
        }
        return args;
    }

    @Override
    public void close() {
        if (approvals != null) {
            approvals.close();
        }
    }
}
