package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * Everything a {@link Tally} holds, as values: {@link Tally#state()} takes it and {@link Tally#restore}
 * gives back a tally that reacts to every further input exactly as the original would.
 *
 * @param votes each validator's current vote (one vote per validator)
 */
public record TallyState(NetworkConfig network, long networkHeight, List<ProposalState> proposals, List<CurrentVote> votes,
        List<RecoveryState> recoveries) {

    public TallyState {
        proposals = List.copyOf(proposals);
        votes = List.copyOf(votes);
        recoveries = List.copyOf(recoveries);
    }

    /** A state without recoveries. */
    public TallyState(NetworkConfig network, long networkHeight, List<ProposalState> proposals, List<CurrentVote> votes) {
        this(network, networkHeight, proposals, votes, List.of());
    }

    /** A validator's vote and the raw signed transaction that cast it. */
    public record SignedVote(String validatorKey, byte[] rawTx) {
    }

    /** The proposal {@code proposalId} holds {@code validatorKey}'s vote. */
    public record CurrentVote(String validatorKey, String proposalId) {
    }

    /**
     * One proposal as the tally tracks it.
     *
     * @param approvers          in the order they voted
     * @param approval           set once approved; an approval is final
     * @param certifiedApprovers the approvers whose transactions make the approval's certificate
     * @param takenEffect        the network reached its height while it was approved
     * @param releaseBefore      once it took effect, the release that was current before it (a RETURN recovery of it goes
     *                           back to that one); empty before, or when unknown
     */
    public record ProposalState(String proposalId, String releaseTag, long height, List<ReleaseArtifact> artifacts, Instant createdAt,
            Instant updatedAt, ProposalStatus status, String statusReason, List<SignedVote> approvers, List<SignedVote> rejecters,
            Optional<ApprovalRecord> approval, List<String> certifiedApprovers, boolean takenEffect, String releaseBefore) {

        public ProposalState {
            artifacts = List.copyOf(artifacts);
            approvers = List.copyOf(approvers);
            rejecters = List.copyOf(rejecters);
            certifiedApprovers = List.copyOf(certifiedApprovers);
        }
    }

    /**
     * One recovery as the tally tracks it ({@link RecoveryRecord} plus the signed votes).
     *
     * @param approvers in the order they voted
     * @param approval  set once approved; an approval is final
     */
    public record RecoveryState(String recoveryId, String upgradeId, RecoveryAction action, String failedReleaseTag, String releaseTag,
            long height, List<ReleaseArtifact> artifacts, Instant createdAt, Instant updatedAt, ProposalStatus status, String statusReason,
            List<SignedVote> approvers, Optional<ApprovalRecord> approval) {

        public RecoveryState {
            artifacts = List.copyOf(artifacts);
            approvers = List.copyOf(approvers);
        }
    }
}
