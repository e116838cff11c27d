package io.cutover.agent.runtime;

import java.util.Optional;

import io.cutover.agent.cosmos.CosmosSource;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.node.NodeClient;
import io.cutover.agent.source.CutoverSource;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.agent.vega.VegaCoreSource;
import io.cutover.core.network.NetworkConfig;

/**
 * Creates the upgrade source {@code [upgrade] source} names. It lives with the agent that chooses
 * the source, above the implementations, so that {@code source/} (the contract and the "cutover"
 * source) stays below the "vega-core" and "cosmos" sources built on it.
 */
public final class UpgradeSources {

    private UpgradeSources() {
    }

    /**
     * @param network network.toml when the config names one (the "cutover" source requires it)
     * @param node    the node's status (and admin) client, shared with the agent
     */
    public static UpgradeSource create(AgentHome home, AgentConfig config, Optional<NetworkConfig> network, NodeClient node) {
        return switch (config.upgrade().source()) {
            case CUTOVER -> new CutoverSource(config, network.orElseThrow(
                    () -> new IllegalStateException("the cutover source needs network.file")), node);
            case VEGA_CORE -> new VegaCoreSource(home, config, network);
            case COSMOS -> CosmosSource.forVisorHome(home, config, node);
        };
    }
}
