package io.cutover.aggregator.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.tally.ProposalRecord;
import io.cutover.core.tally.ProposalStatus;
import io.cutover.core.tally.Tally;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;

/**
 * What the dashboard shows of the network: chain, height, current release, validators, and the
 * readiness of every approved upgrade still ahead (plus the last one that took effect), and of every
 * upgrade announced by the chain that agents report and this aggregator never approved; and the
 * recoveries of upgrades that failed at their height, while the network has not moved past it.
 *
 * The first fields are those of proposal-service's {@code GET /api/v1/network} (cutover.v1.NetworkInfo).
 *
 * @param networkHeight  the network height (median of fresh consensus validators' reports); 0 while unknown
 * @param approvalPower  the smallest voting power that meets the threshold
 * @param warningBlocks  how many blocks before an upgrade's height a readiness shortfall becomes a halt warning
 */
public record NetworkOverview(String chainId, String currentRelease, long networkHeight, boolean networkHeightKnown,
        List<Validator> validators, String approvalThreshold, String approvalRule, long totalVotingPower, long approvalPower,
        long warningBlocks, List<Upgrade> upgrades, List<RecoveryView> recoveries) {

    public NetworkOverview {
        validators = List.copyOf(validators);
        upgrades = List.copyOf(upgrades);
        recoveries = List.copyOf(recoveries);
    }

    /** A view without recoveries. */
    public NetworkOverview(String chainId, String currentRelease, long networkHeight, boolean networkHeightKnown, List<Validator> validators,
            String approvalThreshold, String approvalRule, long totalVotingPower, long approvalPower, long warningBlocks, List<Upgrade> upgrades) {
        this(chainId, currentRelease, networkHeight, networkHeightKnown, validators, approvalThreshold, approvalRule, totalVotingPower,
                approvalPower, warningBlocks, upgrades, List.of());
    }

    /** A validator of network.toml. */
    public record Validator(String name, String pubKey, long votingPower) {
    }

    /** Where an upgrade shown comes from. */
    public enum Origin {
        /** Approved by this aggregator (a proposal of upgrade.proposals). */
        APPROVED,
        /**
         * Announced by the chain itself (the Vega core's protocol upgrade, a Cosmos upgrade plan): agents
         * following the chain report it as their target (rollout.status target_origin CHAIN), and this
         * aggregator never approved it.
         */
        ANNOUNCED_BY_CHAIN
    }

    /** What readiness is counted in. */
    public enum ReadinessBy {
        /** The voting power of network.toml's validators whose agent is ready. */
        VOTING_POWER,
        /** Nodes, when none of the reporting agents is a validator of network.toml (agents without a network file). */
        NODE_COUNT
    }

    /**
     * An upgrade and how ready the network is for it.
     *
     * @param blocksLeft     blocks until its height; null while the height is unknown
     * @param readyPower     voting power of the validators whose agent reports the release staged and verified
     *                       for this upgrade, or already runs it (with NODE_COUNT: the number of such nodes)
     * @param requiredPower  what the threshold needs, in the same unit
     * @param readyNodes     the nodes counted in {@code readyPower}
     * @param readyEnough    {@code readyPower} meets the threshold: the network can go on at the height
     * @param haltRisk       not ready enough with at most {@code warningBlocks} blocks left: the network would halt
     * @param reached        the network passed its height (the release took effect)
     * @param origin         approved here, or announced by the chain
     * @param readinessBy    the unit of {@code readyPower} and {@code requiredPower}
     * @param reportingNodes the nodes whose agents report this upgrade (as target or running release)
     * @param backPower      during and after the switch: the voting power whose node is back online on this release
     *                       (its agent started the release, or runs it past the height); a chain makes blocks on the new
     *                       release again once this meets the threshold. 0 with NODE_COUNT.
     * @param backNodes      the nodes counted in {@code backPower}; once a recovery of it is approved, the nodes back
     *                       online after applying it, and {@code backPower} theirs
     * @param recoveredBy    the recovery the validators approved after it failed at its height (the last one); null when none
     */
    public record Upgrade(String proposalId, String releaseTag, long height, Long blocksLeft, long readyPower,
            long requiredPower, List<String> readyNodes, boolean readyEnough, boolean haltRisk, boolean reached, Origin origin,
            ReadinessBy readinessBy, int reportingNodes, long backPower, List<String> backNodes, RecoveredBy recoveredBy) {

        public Upgrade {
            readyNodes = List.copyOf(readyNodes);
            backNodes = List.copyOf(backNodes);
        }

        /** An upgrade no recovery was approved for. */
        public Upgrade(String proposalId, String releaseTag, long height, Long blocksLeft, long readyPower, long requiredPower,
                List<String> readyNodes, boolean readyEnough, boolean haltRisk, boolean reached, Origin origin, ReadinessBy readinessBy,
                int reportingNodes, long backPower, List<String> backNodes) {
            this(proposalId, releaseTag, height, blocksLeft, readyPower, requiredPower, readyNodes, readyEnough, haltRisk, reached, origin,
                    readinessBy, reportingNodes, backPower, backNodes, null);
        }
    }

    /**
     * An approved recovery of an upgrade: once the chain moves on, the upgrade took effect as the
     * hot-fix, or was skipped (RETURN) and the release before it runs on.
     *
     * @param action     HOT_FIX or RETURN
     * @param releaseTag the hot-fix's release; empty for a return
     */
    public record RecoveredBy(String recoveryId, String action, String releaseTag) {
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
        upgrades.addAll(announcedByTheChain(approved, network, agents, height, warningBlocks));
        Map<String, RecoveredBy> recovered = new TreeMap<>();
        tally.recoveries().stream().filter(r -> r.status() == ProposalStatus.APPROVED).forEach(r -> recovered.put(r.upgradeId(),
                new RecoveredBy(r.recoveryId(), RecoveryView.actionName(r), r.releaseTag())));
        upgrades.replaceAll(u -> recovered.containsKey(u.proposalId()) ? recoveredBy(u, recovered.get(u.proposalId()), agents, network) : u);
        List<Validator> validators = network.validators().stream()
                .map(v -> new Validator(v.name(), v.pubKey(), v.votingPower())).toList();
        Threshold threshold = network.threshold();
        return new NetworkOverview(network.chainId(), network.currentRelease().toString(), height, height > 0, validators,
                threshold.fraction().toString(), threshold.rule().configName(), total, threshold.minimumPower(total), warningBlocks,
                upgrades, RecoveryView.of(tally, agents));
    }

    /** The upgrade with the recovery approved for it; the power back online is then that of the nodes that applied it. */
    private static Upgrade recoveredBy(Upgrade u, RecoveredBy recovery, Collection<RolloutStatus> agents, NetworkConfig network) {
        List<RolloutStatus> back = RecoveryView.backOnline(recovery.recoveryId(), agents);
        return new Upgrade(u.proposalId(), u.releaseTag(), u.height(), u.blocksLeft(), u.readyPower(), u.requiredPower(), u.readyNodes(),
                u.readyEnough(), u.haltRisk(), u.reached(), u.origin(), u.readinessBy(), u.reportingNodes(), powerOf(back, network),
                back.stream().map(RolloutStatus::getNode).toList(), recovery);
    }

    private static Upgrade upgrade(ProposalRecord p, NetworkConfig network, Collection<RolloutStatus> agents, long height,
            long warningBlocks) {
        List<RolloutStatus> ready = agents.stream().filter(a -> (a.getReady() && a.getTargetProposalId().equals(p.proposalId())
                || a.getRunningRelease().equals(p.releaseTag())) && network.validator(a.getValidatorKey()).isPresent()).toList();
        List<String> readyNodes = ready.stream().map(RolloutStatus::getNode).toList();
        long readyPower = powerOf(ready, network);
        int reporting = (int) agents.stream().filter(a -> a.getTargetProposalId().equals(p.proposalId())
                || a.getRunningRelease().equals(p.releaseTag())).count();
        return readiness(p.proposalId(), p.releaseTag(), p.height(), height, readyPower, network.totalVotingPower(), readyNodes,
                network, warningBlocks, Origin.APPROVED, ReadinessBy.VOTING_POWER, reporting, agents);
    }

    /** The voting power of these agents' validators, each validator once (an unknown key counts nothing). */
    private static long powerOf(Collection<RolloutStatus> agents, NetworkConfig network) {
        return agents.stream().map(RolloutStatus::getValidatorKey).distinct()
                .mapToLong(k -> network.validator(k).map(ValidatorInfo::votingPower).orElse(0L)).sum();
    }

    /** Agents whose node is back online on {@code tag}: they started it (STARTING, or RUNNING past the height). */
    private static List<RolloutStatus> backOnline(String tag, Collection<RolloutStatus> agents) {
        return agents.stream().filter(a -> a.getRunningRelease().equals(tag)
                && (a.getPhase() == RolloutPhase.ROLLOUT_PHASE_STARTING || a.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING)).toList();
    }

    /**
     * Upgrades that agents report as announced by the chain and that no approved proposal here
     * covers (same release at the same height). Readiness is counted in voting power when any
     * reporting agent is a validator of network.toml, else in nodes; the height to count down from
     * is the network height, or the reporting agents' own when it is unknown.
     */
    private static List<Upgrade> announcedByTheChain(List<ProposalRecord> approved, NetworkConfig network,
            Collection<RolloutStatus> agents, long networkHeight, long warningBlocks) {
        Map<String, List<RolloutStatus>> byTarget = new TreeMap<>();
        for (RolloutStatus agent : agents) {
            boolean chain = agent.getTargetOrigin() == TargetOrigin.TARGET_ORIGIN_CHAIN && !agent.getTargetProposalId().isEmpty();
            boolean covered = approved.stream().anyMatch(p -> p.releaseTag().equals(agent.getTargetRelease())
                    && p.height() == agent.getTargetHeight());
            if (chain && !covered) {
                byTarget.computeIfAbsent(agent.getTargetProposalId(), id -> new ArrayList<>()).add(agent);
            }
        }
        List<Upgrade> upgrades = new ArrayList<>();
        byTarget.forEach((id, targeting) -> {
            String tag = targeting.get(0).getTargetRelease();
            long at = targeting.get(0).getTargetHeight();
            List<RolloutStatus> reporting = new ArrayList<>(targeting);
            agents.stream().filter(a -> !targeting.contains(a) && a.getRunningRelease().equals(tag)).forEach(reporting::add);
            List<RolloutStatus> ready = reporting.stream().filter(a -> a.getRunningRelease().equals(tag) || a.getReady()).toList();
            List<String> readyNodes = ready.stream().map(RolloutStatus::getNode).toList();
            boolean byPower = reporting.stream().anyMatch(a -> network.validator(a.getValidatorKey()).isPresent());
            long height = networkHeight > 0 ? networkHeight : reporting.stream().mapToLong(RolloutStatus::getHeight).max().orElse(0);
            if (byPower) {
                long readyPower = powerOf(ready, network);
                upgrades.add(readiness(id, tag, at, height, readyPower, network.totalVotingPower(), readyNodes, network, warningBlocks,
                        Origin.ANNOUNCED_BY_CHAIN, ReadinessBy.VOTING_POWER, reporting.size(), reporting));
            } else {
                upgrades.add(readiness(id, tag, at, height, ready.size(), reporting.size(), readyNodes, network, warningBlocks,
                        Origin.ANNOUNCED_BY_CHAIN, ReadinessBy.NODE_COUNT, reporting.size(), List.of()));
            }
        });
        return upgrades;
    }

    private static Upgrade readiness(String id, String tag, long at, long height, long ready, long total, List<String> readyNodes,
            NetworkConfig network, long warningBlocks, Origin origin, ReadinessBy by, int reporting, Collection<RolloutStatus> agents) {
        boolean readyEnough = network.threshold().isMetBy(ready, total);
        boolean known = height > 0;
        boolean reached = known && Long.compareUnsigned(at, height) <= 0;
        Long blocksLeft = known ? (reached ? 0L : at - height) : null;
        boolean haltRisk = !readyEnough && !reached && blocksLeft != null && blocksLeft <= warningBlocks;
        List<RolloutStatus> back = backOnline(tag, agents);
        long backPower = powerOf(back, network);
        return new Upgrade(id, tag, at, blocksLeft, ready, network.threshold().minimumPower(total), readyNodes, readyEnough, haltRisk,
                reached, origin, by, reporting, backPower, back.stream().map(RolloutStatus::getNode).toList());
    }
}
