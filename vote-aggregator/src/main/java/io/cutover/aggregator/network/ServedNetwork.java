package io.cutover.aggregator.network;

import java.nio.file.Path;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;

/**
 * One network this deployment serves: its file, its committed proposals and agents, its dashboard view. {@code fleet} is
 * true when the deployment was given {@code cutover.networks}: then the network's consumer group, transactional id (the
 * key of its snapshots) and journal topic carry the suffix {@code -<chain id>}; a deployment of one {@code network-file}
 * keeps the names it always had, so it keeps its snapshots and journal.
 */
public record ServedNetwork(String chainId, Path file, boolean fleet, ProposalBoard board, NetworkBoard view) {

    /** {@code name}, or {@code name-<chain id>} when serving a fleet (characters Kafka does not allow in a name become '_'). */
    public String own(String name) {
        return fleet ? name + "-" + chainId.replaceAll("[^A-Za-z0-9._-]", "_") : name;
    }

    /** Whether a record keyed {@code key} (upgrade.transactions: the chain id; others: {@code <chain>/...}) is this network's. */
    public boolean owns(String key) {
        return key == null || !fleet || key.equals(chainId) || key.startsWith(chainId + "/");
    }
}
