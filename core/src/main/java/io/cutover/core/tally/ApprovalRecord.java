package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;

import io.cutover.core.network.Threshold;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * An approved upgrade and its quorum certificate: the raw signed transactions of the approvers,
 * so that anyone can verify the decision again. {@code cancelled} marks its republication as CANCELLED.
 */
public record ApprovalRecord(
        boolean cancelled,
        String proposalId,
        String releaseTag,
        long height,
        List<ReleaseArtifact> artifacts,
        List<byte[]> quorumCertificate,
        long approvingPower,
        long totalPower,
        Threshold threshold,
        Instant approvedAt,
        String statusReason) {

    public ApprovalRecord {
        artifacts = List.copyOf(artifacts);
        quorumCertificate = List.copyOf(quorumCertificate);
    }

    ApprovalRecord asCancelled(String reason) {
        return new ApprovalRecord(true, proposalId, releaseTag, height, artifacts, quorumCertificate, approvingPower,
                totalPower, threshold, approvedAt, reason);
    }
}
