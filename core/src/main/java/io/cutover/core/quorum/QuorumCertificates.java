package io.cutover.core.quorum;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.SignatureCheck;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Signature;

/**
 * Checks that an approval is what validators signed: every transaction of its quorum certificate
 * decodes, carries a V3 signature valid for the network's chain, comes from a distinct consensus
 * validator of network.toml, proposes exactly the approved release (same proposal id, tag, height
 * and artifacts), and the signers' power meets the network's threshold.
 */
public final class QuorumCertificates {

    private QuorumCertificates() {
    }

    public static CertificateVerdict verify(Approval approval, NetworkConfig network) {
        if (!approval.getChainId().isEmpty() && !approval.getChainId().equals(network.chainId())) {
            return refuse(CertificateProblem.WRONG_CHAIN, "approval is for chain " + approval.getChainId()
                    + ", this network is " + network.chainId());
        }
        String expectedId = ProposalId.of(approval.getReleaseTag(), approval.getHeight(), approval.getArtifactsList());
        if (!expectedId.equals(approval.getProposalId())) {
            return refuse(CertificateProblem.INCONSISTENT_APPROVAL, "proposal id " + approval.getProposalId()
                    + " does not match its tag, height and artifacts (" + expectedId + ")");
        }
        if (approval.getQuorumCertificateCount() == 0) {
            return refuse(CertificateProblem.EMPTY_CERTIFICATE, "the approval carries no signed transaction");
        }
        Set<String> seen = new HashSet<>();
        List<String> signers = new ArrayList<>();
        long power = 0;
        int index = 0;
        for (ByteString raw : approval.getQuorumCertificateList()) {
            String where = "certificate[" + index++ + "]";
            Optional<DecodedTransaction> decoded = TransactionDecoder.decode(raw.toByteArray());
            if (decoded.isEmpty()) {
                return refuse(CertificateProblem.MALFORMED_TRANSACTION, where + " is not a Vega transaction");
            }
            DecodedTransaction tx = decoded.get();
            String signer = tx.transaction().getPubKey();
            Signature signature = tx.transaction().getSignature();
            boolean vegaScheme = signature.getAlgo().equals(VegaSignatures.ALGORITHM)
                    && signature.getVersion() == VegaSignatures.ALGORITHM_VERSION;
            if (!vegaScheme || !SignatureCheck.verifies(tx.transaction(), network.chainId(), false)) {
                return refuse(CertificateProblem.SIGNATURE_INVALID, where + " by " + signer
                        + " is not a valid V3 vega/ed25519 signature for chain " + network.chainId());
            }
            Optional<ValidatorInfo> validator = network.validator(signer);
            if (validator.isEmpty()) {
                return refuse(CertificateProblem.UNKNOWN_VALIDATOR, where + " is signed by " + signer
                        + ", not a validator of the network");
            }
            if (!validator.get().isConsensusValidator()) {
                return refuse(CertificateProblem.NOT_CONSENSUS_VALIDATOR, where + " is signed by "
                        + validator.get().name() + ", which has no voting power");
            }
            Optional<CertificateVerdict> mismatch = proposalMismatch(tx.inputData(), approval, expectedId, where);
            if (mismatch.isPresent()) {
                return mismatch.get();
            }
            if (!seen.add(signer)) {
                return refuse(CertificateProblem.DUPLICATE_SIGNER, where + ": " + validator.get().name() + " signs twice");
            }
            signers.add(validator.get().name());
            power += validator.get().votingPower();
        }
        long total = network.totalVotingPower();
        if (!network.threshold().isMetBy(power, total)) {
            return refuse(CertificateProblem.INSUFFICIENT_POWER, "signers hold " + power + " of " + total
                    + " voting power; the threshold is " + network.threshold() + " (at least "
                    + network.threshold().minimumPower(total) + ")");
        }
        return new CertificateVerdict.Verified(signers, power, total);
    }

    private static Optional<CertificateVerdict> proposalMismatch(InputData input, Approval approval, String expectedId, String where) {
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

    private static CertificateVerdict refuse(CertificateProblem problem, String detail) {
        return new CertificateVerdict.Refused(problem, detail);
    }
}
