package io.cutover.proposal.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import java.util.Optional;
import io.cutover.proposal.domain.ReleaseTracker;
import io.cutover.proposal.domain.UpgradeCatalog;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RecoveryAction;

/**
 * Follows upgrade.approvals so that the current release advances once an approved height is passed
 * (a hot-fix's release replaces the failed one at its height, a return takes the height back), and
 * so that recoveries know which upgrades exist.
 */
@ApplicationScoped
public class ApprovalsConsumer {

    private static final Logger LOG = Logger.getLogger(ApprovalsConsumer.class);

    private final ServedNetworks networks;

    public ApprovalsConsumer(ServedNetworks networks) {
        this.networks = networks;
    }

    @Incoming(Channels.APPROVALS)
    public void onApproval(String json) {
        Approval approval;
        try {
            approval = EventJson.read(json, Approval.newBuilder());
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("skipping an upgrade.approvals record that is not an Approval: %s", e.getMessage());
            return;
        }
        Optional<ServedNetwork> network = networks.network(approval.getChainId());
        if (network.isEmpty()) {
            return;
        }
        ReleaseTracker releases = network.get().releases();
        UpgradeCatalog upgrades = network.get().upgrades();
        if (approval.getStatus() == ApprovalStatus.APPROVAL_STATUS_CANCELLED) {
            releases.cancelled(approval.getHeight());
            upgrades.cancelled(approval.getProposalId());
            return;
        }
        if (approval.hasRecovery()) {
            upgrades.approved(approval.getRecovery().getUpgradeId());
            if (approval.getRecovery().getAction() == RecoveryAction.RECOVERY_ACTION_RETURN) {
                releases.cancelled(approval.getHeight());
                return;
            }
        } else {
            upgrades.approved(approval.getProposalId());
        }
        ReleaseTag.parse(approval.getReleaseTag()).ifPresentOrElse(
                tag -> releases.approved(tag, approval.getHeight()),
                () -> LOG.warnf("approval %s names release tag \"%s\", which is not semver; ignored", approval.getProposalId(),
                        approval.getReleaseTag()));
    }
}
