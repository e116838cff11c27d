package io.cutover.aggregator.messaging;

import java.time.Instant;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.cutover.core.network.Threshold;
import io.cutover.core.tally.ApprovalRecord;
import io.cutover.core.tally.ProposalRecord;
import io.cutover.core.tally.RecoveryRecord;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RecoveryApproval;

/** The tally's records as the event messages of the topics (DESIGN.md "Kafka topics"). */
public final class EventMessages {

    private EventMessages() {
    }

    public static Proposal proposal(String chainId, ProposalRecord p) {
        return Proposal.newBuilder()
                .setChainId(chainId)
                .setProposalId(p.proposalId())
                .setReleaseTag(p.releaseTag())
                .setHeight(p.height())
                .addAllArtifacts(p.artifacts())
                .setStatus(status(p.status()))
                .addAllApprovers(p.approvers())
                .addAllRejecters(p.rejecters())
                .setApprovingPower(p.approvingPower())
                .setRejectingPower(p.rejectingPower())
                .setTotalPower(p.totalPower())
                .setThreshold(p.threshold().fraction().toString())
                .setApprovalRule(p.threshold().rule().configName())
                .setStatusReason(p.statusReason())
                .setCreatedAt(timestamp(p.createdAt()))
                .setUpdatedAt(timestamp(p.updatedAt()))
                .build();
    }

    public static Approval approval(String chainId, ApprovalRecord a) {
        Threshold threshold = a.threshold();
        return Approval.newBuilder()
                .setChainId(chainId)
                .setStatus(a.cancelled() ? ApprovalStatus.APPROVAL_STATUS_CANCELLED : ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(a.proposalId())
                .setReleaseTag(a.releaseTag())
                .setHeight(a.height())
                .addAllArtifacts(a.artifacts())
                .addAllQuorumCertificate(a.quorumCertificate().stream().map(ByteString::copyFrom).toList())
                .setApprovingPower(a.approvingPower())
                .setTotalPower(a.totalPower())
                .setThreshold(threshold.fraction().toString())
                .setApprovalRule(threshold.rule().configName())
                .setApprovedAt(timestamp(a.approvedAt()))
                .setStatusReason(a.statusReason())
                .addAllRejectionCertificate(a.rejectionCertificate().stream().map(ByteString::copyFrom).toList())
                .setSupersededBy(a.supersededBy())
                .build();
    }

    /** A recovery as a proposal record of upgrade.proposals (key: its recovery id), its recovery block set. */
    public static Proposal recovery(String chainId, RecoveryRecord r) {
        return Proposal.newBuilder()
                .setChainId(chainId)
                .setProposalId(r.recoveryId())
                .setReleaseTag(r.releaseTag())
                .setHeight(r.height())
                .addAllArtifacts(r.artifacts())
                .setStatus(status(r.status()))
                .addAllApprovers(r.approvers())
                .setApprovingPower(r.approvingPower())
                .setTotalPower(r.totalPower())
                .setThreshold(r.threshold().fraction().toString())
                .setApprovalRule(r.threshold().rule().configName())
                .setStatusReason(r.statusReason())
                .setCreatedAt(timestamp(r.createdAt()))
                .setUpdatedAt(timestamp(r.updatedAt()))
                .setRecovery(recoveryBlock(r))
                .build();
    }

    /** A recovery's approval: published under the failed upgrade's height, superseding its approval there. */
    public static Approval recoveryApproval(String chainId, RecoveryRecord r, ApprovalRecord a) {
        return approval(chainId, a).toBuilder().setRecovery(recoveryBlock(r)).build();
    }

    private static RecoveryApproval recoveryBlock(RecoveryRecord r) {
        return RecoveryApproval.newBuilder().setUpgradeId(r.upgradeId()).setAction(r.action()).setFailedReleaseTag(r.failedReleaseTag()).build();
    }

    public static ProposalStatus status(io.cutover.core.tally.ProposalStatus status) {
        return switch (status) {
            case PENDING -> ProposalStatus.PROPOSAL_STATUS_PENDING;
            case APPROVED -> ProposalStatus.PROPOSAL_STATUS_APPROVED;
            case REJECTED -> ProposalStatus.PROPOSAL_STATUS_REJECTED;
            case CANCELLED -> ProposalStatus.PROPOSAL_STATUS_CANCELLED;
        };
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
