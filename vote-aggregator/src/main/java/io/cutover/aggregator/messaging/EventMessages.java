package io.cutover.aggregator.messaging;

import java.time.Instant;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;

import io.cutover.core.network.Threshold;
import io.cutover.core.tally.ApprovalRecord;
import io.cutover.core.tally.ProposalRecord;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;

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
