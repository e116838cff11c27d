package io.cutover.aggregator.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.tally.ProposalRecord;
import io.cutover.core.tally.ProposalStatus;
import io.cutover.core.tally.Tally;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the dashboard shows of the network: chain, height, current release, validators, and the
 * readiness of every approved upgrade still ahead (plus the last one that took effect).
 *
 * The first fields are those of proposal-service's {@code GET /api/v1/network} (cutover.v1.NetworkInfo).
 *
 * @param networkHeight  the network height (median of fresh consensus validators' reports); 0 while unknown
 * @param approvalPower  the smallest voting power that meets the threshold
 * @param warningBlocks  how many blocks before an upgrade's height a readiness shortfall becomes a halt warning
 */
public record NetworkOverview(String chainId, String currentRelease, long networkHeight, boolean networkHeightKnown,
        List<Validator> validators, String approvalThreshold, String approvalRule, long totalVotingPower, long approvalPower,
        long warningBlocks, List<Upgrade> upgrades) {

    public NetworkOverview {
        validators = List.copyOf(validators);
        upgrades = List.copyOf(upgrades);
    }

    /** A validator of network.toml. */
    public record Validator(String name, String pubKey, long votingPower) {
    }

    /**
     * An approved upgrade and how ready the network is for it.
     *
     * @param blocksLeft   blocks until its height; null while the network height is unknown
     * @param readyPower   voting power of the validators whose agent reports the release staged and verified
     *                     for this proposal, or already runs it
     * @param readyNodes   the nodes counted in {@code readyPower}
     * @param readyEnough  {@code readyPower} meets the threshold: the network can go on at the height
     * @param haltRisk     not ready enough with at most {@code warningBlocks} blocks left: the network would halt
     * @param reached      the network passed its height (the release took effect)
     */
    public record Upgrade(String proposalId, String releaseTag, long height, Long blocksLeft, long readyPower,
            long requiredPower, List<String> readyNodes, boolean readyEnough, boolean haltRisk, boolean reached) {

        public Upgrade {
            readyNodes = List.copyOf(readyNodes);
        }
    }

    /** The view of {@code tally}'s state and the latest report of every agent of the same chain. */
    public static NetworkOverview of(Tally tally, Collection<RolloutStatus> agents, long warningBlocks) {
        NetworkConfig network = tally.network();
        long total = network.totalVotingPower();
        long height = tally.networkHeight();
        List<Upgrade> upgrades = new ArrayList<>();
        List<ProposalRecord> approved = tally.proposals().stream()
                .filter(p -> p.status() == ProposalStatus.APPROVED)
                .sorted(Comparator.comparing(ProposalRecord::height, Long::compareUnsigned))
                .toList();
        Optional<ProposalRecord> lastReached = approved.stream().filter(p -> Long.compareUnsigned(p.height(), height) <= 0)
                .reduce((first, second) -> second);
        lastReached.ifPresent(p -> upgrades.add(upgrade(p, network, agents, height, warningBlocks)));
        approved.stream().filter(p -> Long.compareUnsigned(p.height(), height) > 0)
                .forEach(p -> upgrades.add(upgrade(p, network, agents, height, warningBlocks)));
        List<Validator> validators = network.validators().stream()
                .map(v -> new Validator(v.name(), v.pubKey(), v.votingPower())).toList();
        Threshold threshold = network.threshold();
        return new NetworkOverview(network.chainId(), network.currentRelease().toString(), height, height > 0, validators,
                threshold.fraction().toString(), threshold.rule().configName(), total, threshold.minimumPower(total), warningBlocks,
                upgrades);
    }

    private static Upgrade upgrade(ProposalRecord p, NetworkConfig network, Collection<RolloutStatus> agents, long height,
            long warningBlocks) {
        Set<String> readyKeys = new LinkedHashSet<>();
        List<String> readyNodes = new ArrayList<>();
        for (RolloutStatus agent : agents) {
            boolean staged = agent.getReady() && agent.getTargetProposalId().equals(p.proposalId());
            boolean running = agent.getRunningRelease().equals(p.releaseTag());
            if ((staged || running) && network.validator(agent.getValidatorKey()).isPresent()) {
                readyNodes.add(agent.getNode());
                readyKeys.add(agent.getValidatorKey());
            }
        }
        long readyPower = readyKeys.stream().mapToLong(k -> network.validator(k).map(ValidatorInfo::votingPower).orElse(0L)).sum();
        long total = network.totalVotingPower();
        boolean readyEnough = network.threshold().isMetBy(readyPower, total);
        boolean known = height > 0;
        boolean reached = known && Long.compareUnsigned(p.height(), height) <= 0;
        Long blocksLeft = known ? (reached ? 0L : p.height() - height) : null;
        boolean haltRisk = !readyEnough && !reached && blocksLeft != null && blocksLeft <= warningBlocks;
        return new Upgrade(p.proposalId(), p.releaseTag(), p.height(), blocksLeft, readyPower,
                network.threshold().minimumPower(total), readyNodes, readyEnough, haltRisk, reached);
    }
}
