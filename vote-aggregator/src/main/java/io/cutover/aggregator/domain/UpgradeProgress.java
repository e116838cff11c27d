package io.cutover.aggregator.domain;

import java.util.List;

import io.cutover.core.network.NetworkConfig;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the metrics show of the open proposals and the coming upgrades: the tally against the power
 * the threshold needs, and for an approved upgrade the voting power whose agent reports the release
 * staged and verified, with the blocks left to its height. The network halts at the height when the
 * ready power is below the required power.
 */
public final class UpgradeProgress {

    /** A pending proposal's tally. */
    public record Tally(String proposalId, long approvingPower, long requiredPower) {
    }

    /** An approved upgrade still ahead of the network. */
    public record Readiness(String proposalId, long blocksToHeight, long readyPower, long requiredPower) {
    }

    private UpgradeProgress() {
    }

    public static List<Tally> tallies(List<Proposal> proposals, NetworkConfig network) {
        long required = network.threshold().minimumPower(network.totalVotingPower());
        return proposals.stream().filter(p -> p.getStatus() == ProposalStatus.PROPOSAL_STATUS_PENDING)
                .map(p -> new Tally(p.getProposalId(), p.getApprovingPower(), required)).toList();
    }

    public static List<Readiness> readiness(List<Proposal> proposals, List<RolloutStatus> agents, NetworkConfig network,
            long networkHeight) {
        long required = network.threshold().minimumPower(network.totalVotingPower());
        return proposals.stream()
                .filter(p -> p.getStatus() == ProposalStatus.PROPOSAL_STATUS_APPROVED && p.getHeight() > networkHeight)
                .map(p -> new Readiness(p.getProposalId(), p.getHeight() - networkHeight, readyPower(p, agents, network), required))
                .toList();
    }

    private static long readyPower(Proposal proposal, List<RolloutStatus> agents, NetworkConfig network) {
        return agents.stream()
                .filter(a -> a.getReady() && a.getTargetProposalId().equals(proposal.getProposalId()))
                .map(RolloutStatus::getValidatorKey).distinct()
                .mapToLong(key -> network.validator(key).map(v -> v.votingPower()).orElse(0L))
                .sum();
    }
}
