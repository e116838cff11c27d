package io.cutover.aggregator.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the metrics show of the tallies and of the coming upgrade: each pending proposal's approving
 * power against the power the threshold needs, and for the next approved upgrade (the earliest
 * height ahead of the network) the voting power whose agent reports its release staged and
 * verified, with the blocks left to its height. The network halts at that height when the ready
 * power is below the required power.
 */
public record UpgradeProgress(long networkHeight, long totalPower, long requiredPower, List<Tally> pending,
        Optional<Readiness> next) {

    /** A pending proposal's approving power. */
    public record Tally(String proposalId, long approvingPower) {
    }

    /** The next approved upgrade still ahead of the network. */
    public record Readiness(String proposalId, long height, long blocksToHeight, long readyPower) {
    }

    public static UpgradeProgress of(List<Proposal> proposals, List<RolloutStatus> agents, NetworkConfig network, long networkHeight) {
        long total = network.totalVotingPower();
        List<Tally> pending = proposals.stream().filter(p -> p.getStatus() == ProposalStatus.PROPOSAL_STATUS_PENDING)
                .map(p -> new Tally(p.getProposalId(), p.getApprovingPower())).toList();
        Optional<Readiness> next = proposals.stream()
                .filter(p -> p.getStatus() == ProposalStatus.PROPOSAL_STATUS_APPROVED && p.getHeight() > networkHeight)
                .min(Comparator.comparingLong(Proposal::getHeight))
                .map(p -> new Readiness(p.getProposalId(), p.getHeight(), p.getHeight() - networkHeight, readyPower(p, agents, network)));
        return new UpgradeProgress(networkHeight, total, network.threshold().minimumPower(total), pending, next);
    }

    private static long readyPower(Proposal proposal, List<RolloutStatus> agents, NetworkConfig network) {
        return agents.stream()
                .filter(a -> a.getReady() && a.getTargetProposalId().equals(proposal.getProposalId()))
                .map(RolloutStatus::getValidatorKey).distinct()
                .mapToLong(key -> network.validator(key).map(v -> v.votingPower()).orElse(0L))
                .sum();
    }
}
