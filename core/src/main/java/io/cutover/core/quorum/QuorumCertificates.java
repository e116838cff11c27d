package io.cutover.core.quorum;

import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ProposalId;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;

/**
 * Checks that an approval is what validators signed: every transaction of its quorum certificate
 * decodes, carries a V3 signature valid for the network's chain, comes from a distinct consensus
 * validator of network.toml, proposes exactly the approved release (same proposal id, tag, height
 * and artifacts), and the signers' power meets the network's threshold. A recovery approval's
 * certificate holds upgrade recoveries instead ({@link RecoveryCertificates}).
 */
public final class QuorumCertificates {

    private QuorumCertificates() {
    }

    /** Verifies an approval's certificate; a recovery approval's with {@link RecoveryCertificates#verify}. */
    public static CertificateVerdict verify(Approval approval, NetworkConfig network) {
        if (approval.hasRecovery()) {
            return RecoveryCertificates.verify(approval, network);
        }
        Optional<CertificateVerdict.Refused> identity = identityProblem(approval, network);
        if (identity.isPresent()) {
            return identity.get();
        }
        if (approval.getQuorumCertificateCount() == 0) {
            return refuse(CertificateProblem.EMPTY_CERTIFICATE, "the approval carries no signed transaction");
        }
        return CertificateSigners.verify(approval.getQuorumCertificateList(), "certificate", "signers", network,
                (entry, where) -> proposalMismatch(entry.inputData(), approval, approval.getProposalId(), where));
    }

    /** The approval names another chain, or its proposal id is not the id of its own tag, height and artifacts. */
    static Optional<CertificateVerdict.Refused> identityProblem(Approval approval, NetworkConfig network) {
        if (!approval.getChainId().isEmpty() && !approval.getChainId().equals(network.chainId())) {
            return Optional.of(new CertificateVerdict.Refused(CertificateProblem.WRONG_CHAIN, "approval is for chain "
                    + approval.getChainId() + ", this network is " + network.chainId()));
        }
        String expectedId = ProposalId.of(approval.getReleaseTag(), approval.getHeight(), approval.getArtifactsList());
        if (!expectedId.equals(approval.getProposalId())) {
            return Optional.of(new CertificateVerdict.Refused(CertificateProblem.INCONSISTENT_APPROVAL, "proposal id "
                    + approval.getProposalId() + " does not match its tag, height and artifacts (" + expectedId + ")"));
        }
        return Optional.empty();
    }

    private static Optional<CertificateVerdict.Refused> proposalMismatch(InputData input, Approval approval, String expectedId, String where) {
        if (!input.hasProtocolUpgradeProposal()) {
            return Optional.of(refuse(CertificateProblem.NOT_AN_UPGRADE_PROPOSAL, where + " is not a protocol upgrade proposal"));
        }
        ProtocolUpgradeProposal proposal = input.getProtocolUpgradeProposal();
        String signedId = ProposalId.of(proposal.getVegaReleaseTag(), proposal.getUpgradeBlockHeight(), proposal.getArtifactsList());
        boolean same = signedId.equals(expectedId)
                && proposal.getVegaReleaseTag().equals(approval.getReleaseTag())
                && proposal.getUpgradeBlockHeight() == approval.getHeight()
                && proposal.getArtifactsList().equals(approval.getArtifactsList());
        if (!same) {
            return Optional.of(refuse(CertificateProblem.OTHER_PROPOSAL, where + " approves " + signedId
                    + ", not " + approval.getProposalId()));
        }
        return Optional.empty();
    }

    private static CertificateVerdict.Refused refuse(CertificateProblem problem, String detail) {
        return new CertificateVerdict.Refused(problem, detail);
    }
}
