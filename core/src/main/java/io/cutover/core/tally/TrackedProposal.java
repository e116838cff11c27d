package io.cutover.core.tally;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.TallyState.ProposalState;
import io.cutover.core.tally.TallyState.SignedVote;
import io.cutover.proto.vega.ReleaseArtifact;

/** The tally's mutable view of one proposal; published only as {@link ProposalRecord} snapshots. */
final class TrackedProposal {

    final String id;
    final ReleaseTag tag;
    final long height;
    final List<ReleaseArtifact> artifacts;
    final Instant createdAt;
    /** Approver key → its raw signed transaction (the quorum certificate in the making). */
    final Map<String, byte[]> approvers = new LinkedHashMap<>();
    final Map<String, byte[]> rejecters = new LinkedHashMap<>();
    ProposalStatus status = ProposalStatus.PENDING;
    String statusReason = "collecting votes";
    Instant updatedAt;
    /** Set once approved; an approval is final, so its certificate never changes afterwards. */
    ApprovalRecord approval;
    /** The approvers whose transactions make the certificate, sorted by key. */
    List<String> certifiedApprovers = List.of();
    boolean takenEffect;
    /** Once it took effect: the release current before it; null before, or when unknown. */
    ReleaseTag releaseBefore;

    TrackedProposal(String id, ReleaseTag tag, long height, List<ReleaseArtifact> artifacts, Instant createdAt) {
        this.id = id;
        this.tag = tag;
        this.height = height;
        this.artifacts = List.copyOf(artifacts);
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    ProposalState state() {
        return new ProposalState(id, tag.text(), height, artifacts, createdAt, updatedAt, status, statusReason, signed(approvers),
                signed(rejecters), Optional.ofNullable(approval), certifiedApprovers, takenEffect,
                releaseBefore == null ? "" : releaseBefore.text());
    }

    static TrackedProposal restore(ProposalState state) {
        ReleaseTag tag = ReleaseTag.parse(state.releaseTag())
                .orElseThrow(() -> new IllegalArgumentException("\"" + state.releaseTag() + "\" is not a release tag"));
        TrackedProposal proposal = new TrackedProposal(state.proposalId(), tag, state.height(), state.artifacts(), state.createdAt());
        state.approvers().forEach(v -> proposal.approvers.put(v.validatorKey(), v.rawTx()));
        state.rejecters().forEach(v -> proposal.rejecters.put(v.validatorKey(), v.rawTx()));
        proposal.status = state.status();
        proposal.statusReason = state.statusReason();
        proposal.updatedAt = state.updatedAt();
        proposal.approval = state.approval().orElse(null);
        proposal.certifiedApprovers = state.certifiedApprovers();
        proposal.takenEffect = state.takenEffect();
        proposal.releaseBefore = ReleaseTag.parse(state.releaseBefore()).orElse(null);
        return proposal;
    }

    private static List<SignedVote> signed(Map<String, byte[]> votes) {
        return votes.entrySet().stream().map(e -> new SignedVote(e.getKey(), e.getValue())).toList();
    }

    boolean isOpen() {
        return status.isOpen() && !takenEffect;
    }

    ProposalRecord snapshot(NetworkConfig network) {
        List<String> rejecterKeys = rejecters.keySet().stream().sorted().toList();
        long rejectingPower = power(network, rejecterKeys);
        if (approval != null) {
            return new ProposalRecord(id, tag.text(), height, artifacts, status, certifiedApprovers, rejecterKeys, approval.approvingPower(),
                    rejectingPower, network.totalVotingPower(), network.threshold(), statusReason, createdAt, updatedAt);
        }
        List<String> approverKeys = approvers.keySet().stream().sorted().toList();
        return new ProposalRecord(id, tag.text(), height, artifacts, status, approverKeys, rejecterKeys, power(network, approverKeys),
                rejectingPower, network.totalVotingPower(), network.threshold(), statusReason, createdAt, updatedAt);
    }

    private static long power(NetworkConfig network, List<String> keys) {
        return keys.stream().mapToLong(k -> network.validator(k).map(ValidatorInfo::votingPower).orElse(0L)).sum();
    }
}
