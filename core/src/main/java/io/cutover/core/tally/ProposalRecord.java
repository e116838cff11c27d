package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;

import io.cutover.core.network.Threshold;
import io.cutover.proto.vega.ReleaseArtifact;

/** A proposal as published: its identity, status and tally at one moment. */
public record ProposalRecord(
        String proposalId,
        String releaseTag,
        long height,
        List<ReleaseArtifact> artifacts,
        ProposalStatus status,
        List<String> approvers,
        List<String> rejecters,
        long approvingPower,
        long rejectingPower,
        long totalPower,
        Threshold threshold,
        String statusReason,
        Instant createdAt,
        Instant updatedAt) {

    public ProposalRecord {
        artifacts = List.copyOf(artifacts);
        approvers = List.copyOf(approvers);
        rejecters = List.copyOf(rejecters);
    }
}
