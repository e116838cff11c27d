package io.cutover.core.quorum;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;

/**
 * Checks that a CANCELLED approval proves its cancellation, as strictly as an approval proves
 * itself: it names this chain and is consistent with its own tag, height and artifacts, and
 * <ul>
 * <li>its rejection certificate holds protocol_upgrade_rejection transactions of this proposal,
 * each validly signed for this chain by a distinct consensus validator, whose power meets the
 * threshold; or</li>
 * <li>it names, as {@code superseded_by}, an approval at a lower height that the caller has
 * already verified (earliest height wins: that upgrade took effect first); or</li>
 * <li>the caller's own network.toml already runs a release at least as new as the cancelled one.</li>
 * </ul>
 * Anything else proves nothing: whoever can write the topic could have written it.
 */
public final class CancellationProofs {

    private CancellationProofs() {
    }

    /**
     * @param verifiedApprovals proposal id → height of each approval whose quorum certificate the
     *        caller verified (and has not seen cancelled)
     */
    public static CertificateVerdict verify(Approval cancellation, NetworkConfig network, Map<String, Long> verifiedApprovals) {
        if (cancellation.getStatus() != ApprovalStatus.APPROVAL_STATUS_CANCELLED) {
            return refuse(CertificateProblem.UNPROVEN_CANCELLATION, "status " + cancellation.getStatus() + " is not CANCELLED");
        }
        Optional<CertificateVerdict.Refused> identity = QuorumCertificates.identityProblem(cancellation, network);
        if (identity.isPresent()) {
            return identity.get();
        }
        if (cancellation.getRejectionCertificateCount() > 0) {
            return verifyRejections(cancellation, network);
        }
        String supersededBy = cancellation.getSupersededBy();
        if (!supersededBy.isEmpty()) {
            Long height = verifiedApprovals.get(supersededBy);
            if (height == null || supersededBy.equals(cancellation.getProposalId())) {
                return refuse(CertificateProblem.UNPROVEN_CANCELLATION, "superseded_by " + supersededBy
                        + " is not an approval whose certificate this node verified");
            }
            if (Long.compareUnsigned(height, cancellation.getHeight()) >= 0) {
                return refuse(CertificateProblem.UNPROVEN_CANCELLATION, "superseded_by " + supersededBy + " is at height "
                        + Long.toUnsignedString(height) + ", not below " + Long.toUnsignedString(cancellation.getHeight()));
            }
            return new CertificateVerdict.Verified(List.of(), 0, network.totalVotingPower());
        }
        Optional<ReleaseTag> tag = ReleaseTag.parse(cancellation.getReleaseTag());
        if (tag.isPresent() && tag.get().compareTo(network.currentRelease()) <= 0) {
            return new CertificateVerdict.Verified(List.of(), 0, network.totalVotingPower());
        }
        return refuse(CertificateProblem.UNPROVEN_CANCELLATION, "it carries no rejection certificate and no superseding approval, "
                + "and network.toml runs " + network.currentRelease() + ", older than " + cancellation.getReleaseTag());
    }

    private static CertificateVerdict verifyRejections(Approval cancellation, NetworkConfig network) {
        return CertificateSigners.verify(cancellation.getRejectionCertificateList(), "rejection_certificate", "rejecters", network,
                (entry, where) -> {
                    if (!entry.inputData().hasProtocolUpgradeRejection()) {
                        return Optional.of(refuse(CertificateProblem.NOT_A_REJECTION, where + " is not a protocol upgrade rejection"));
                    }
                    String rejected = entry.inputData().getProtocolUpgradeRejection().getProposalId();
                    return rejected.equals(cancellation.getProposalId()) ? Optional.empty()
                            : Optional.of(refuse(CertificateProblem.OTHER_PROPOSAL, where + " rejects " + rejected + ", not "
                                    + cancellation.getProposalId()));
                });
    }

    private static CertificateVerdict.Refused refuse(CertificateProblem problem, String detail) {
        return new CertificateVerdict.Refused(problem, detail);
    }
}
