package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;

import io.cutover.core.network.Threshold;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * A recovery as published: which failed upgrade it recovers and how, and its status and tally at one
 * moment. {@code releaseTag} and {@code artifacts} are the hot-fix's; both are empty for a return.
 */
public record RecoveryRecord(
        String recoveryId,
        String upgradeId,
        RecoveryAction action,
        String failedReleaseTag,
        String releaseTag,
        long height,
        List<ReleaseArtifact> artifacts,
        ProposalStatus status,
        List<String> approvers,
        long approvingPower,
        long totalPower,
        Threshold threshold,
        String statusReason,
        Instant createdAt,
        Instant updatedAt) {

    public RecoveryRecord {
        artifacts = List.copyOf(artifacts);
        approvers = List.copyOf(approvers);
    }
}
