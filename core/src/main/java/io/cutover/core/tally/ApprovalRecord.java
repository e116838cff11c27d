package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;

import io.cutover.core.network.Threshold;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * An approved upgrade and its quorum certificate: the raw signed transactions of the approvers,
 * so that anyone can verify the decision again. {@code cancelled} marks its republication as CANCELLED,
 * which carries its proof: {@code rejectionCertificate} (the raw signed rejections of validators
 * holding the threshold power) or {@code supersededBy} (the proposal id of the approval that took
 * effect first); neither when the network's own configuration already runs a release as new.
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
        String statusReason,
        List<byte[]> rejectionCertificate,
        String supersededBy) {

    public ApprovalRecord {
        artifacts = List.copyOf(artifacts);
        quorumCertificate = List.copyOf(quorumCertificate);
        rejectionCertificate = List.copyOf(rejectionCertificate);
        supersededBy = supersededBy == null ? "" : supersededBy;
    }

    ApprovalRecord asCancelled(String reason, List<byte[]> rejections, String supersededBy) {
        return new ApprovalRecord(true, proposalId, releaseTag, height, artifacts, quorumCertificate, approvingPower,
                totalPower, threshold, approvedAt, reason, rejections, supersededBy);
    }
}
