package io.cutover.agent.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Target;
import io.cutover.core.events.EventJson;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.quorum.CancellationProofs;
import io.cutover.core.quorum.CertificateVerdict;
import io.cutover.core.quorum.QuorumCertificates;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;

/**
 * Turns upgrade.approvals records into the agent's events, in topic order. An approval is trusted
 * only after its quorum certificate verified; a cancellation only after its proof verified (the
 * rejections holding the threshold, or an earlier approval verified here that took effect first).
 * A recovery approval (its certificate of upgrade recoveries verified) becomes {@link Event.RecoveryApproved}.
 * Anything unverifiable becomes {@link Event.TargetRefused}: logged, reported, never acted on.
 */
public final class ApprovalEvents {

    private final NetworkConfig network;
    /** Proposal id → height of every approval verified so far and not cancelled since. */
    private final Map<String, Long> verified = new HashMap<>();

    public ApprovalEvents(NetworkConfig network) {
        this.network = network;
    }

    /** Empty for records of other chains and tombstones. */
    public Optional<Event> of(String key, String value) {
        if (value == null || key == null || !key.startsWith(network.chainId() + "/")) {
            return Optional.empty();
        }
        Approval approval;
        try {
            approval = EventJson.read(value, Approval.newBuilder());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Optional.of(new Event.TargetRefused(key, "unreadable approval: " + e.getMessage()));
        }
        return Optional.of(of(approval));
    }

    public Event of(Approval approval) {
        if (approval.getStatus() == ApprovalStatus.APPROVAL_STATUS_CANCELLED) {
            CertificateVerdict verdict = CancellationProofs.verify(approval, network, verified);
            if (verdict instanceof CertificateVerdict.Refused refused) {
                return new Event.TargetRefused(approval.getProposalId(), "unverifiable cancellation ignored: " + refused);
            }
            verified.remove(approval.getProposalId());
            return new Event.TargetWithdrawn(approval.getProposalId(), approval.getHeight());
        }
        if (approval.getStatus() != ApprovalStatus.APPROVAL_STATUS_APPROVED) {
            return new Event.TargetRefused(approval.getProposalId(), "status " + approval.getStatus() + " is not APPROVED");
        }
        CertificateVerdict verdict = QuorumCertificates.verify(approval, network);
        if (verdict instanceof CertificateVerdict.Refused refused) {
            return new Event.TargetRefused(approval.getProposalId(), refused.toString());
        }
        if (approval.hasRecovery()) {
            return new Event.RecoveryApproved(RecoveryPlans.of(approval));
        }
        verified.put(approval.getProposalId(), approval.getHeight());
        return new Event.TargetAnnounced(new Target(approval.getProposalId(), approval.getReleaseTag(), approval.getHeight(),
                approval.getArtifactsList().stream()
                        .map(a -> new Target.Artifact(a.getPlatform(), a.getSha256(), a.getUrl())).toList()));
    }
}
