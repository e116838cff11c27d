package io.cutover.agent.messaging;

import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Target;
import io.cutover.core.events.EventJson;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.quorum.CertificateVerdict;
import io.cutover.core.quorum.QuorumCertificates;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;

/** Turns an upgrade.approvals record into the agent's event; an approval is trusted only after its certificate verified. */
public final class ApprovalEvents {

    private ApprovalEvents() {
    }

    /** Empty for records of other chains and tombstones. */
    public static Optional<Event> of(String key, String value, NetworkConfig network) {
        if (value == null || key == null || !key.startsWith(network.chainId() + "/")) {
            return Optional.empty();
        }
        Approval approval;
        try {
            approval = EventJson.read(value, Approval.newBuilder());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return Optional.of(new Event.TargetRefused(key, "unreadable approval: " + e.getMessage()));
        }
        return Optional.of(of(approval, network));
    }

    public static Event of(Approval approval, NetworkConfig network) {
        if (approval.getStatus() == ApprovalStatus.APPROVAL_STATUS_CANCELLED) {
            return new Event.TargetWithdrawn(approval.getProposalId(), approval.getHeight());
        }
        if (approval.getStatus() != ApprovalStatus.APPROVAL_STATUS_APPROVED) {
            return new Event.TargetRefused(approval.getProposalId(), "status " + approval.getStatus() + " is not APPROVED");
        }
        CertificateVerdict verdict = QuorumCertificates.verify(approval, network);
        if (verdict instanceof CertificateVerdict.Refused refused) {
            return new Event.TargetRefused(approval.getProposalId(), refused.toString());
        }
        return new Event.TargetAnnounced(new Target(approval.getProposalId(), approval.getReleaseTag(), approval.getHeight(),
                approval.getArtifactsList().stream()
                        .map(a -> new Target.Artifact(a.getPlatform(), a.getSha256(), a.getUrl())).toList()));
    }
}
