package io.cutover.core.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;

/** The rules on a verified transaction's content, judged against the network's height and release. */
final class CommandRules {

    private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9]*/[a-z0-9_]+");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private CommandRules() {
    }

    static Verdict check(DecodedTransaction tx, NetworkView view) {
        InputData input = tx.inputData();
        String signer = tx.transaction().getPubKey();
        if (input.getNonce() == 0) {
            return Verdict.refused(RefusalReason.NONCE_REUSED, "the nonce must be non-zero");
        }
        if (view.networkHeight().isEmpty()) {
            return Verdict.refused(RefusalReason.NETWORK_HEIGHT_UNKNOWN, "the network height is not known yet; retry shortly");
        }
        long networkHeight = view.networkHeight().getAsLong();
        if (!withinReplayWindow(input.getBlockHeight(), networkHeight, view.network().replayWindowBlocks())) {
            return Verdict.refused(RefusalReason.STALE_BLOCK_HEIGHT, "block_height " + Long.toUnsignedString(input.getBlockHeight())
                    + " is more than " + view.network().replayWindowBlocks() + " blocks away from the network height " + networkHeight);
        }
        return switch (input.getCommandCase()) {
            case PROTOCOL_UPGRADE_PROPOSAL -> checkProposal(tx, signer, input.getProtocolUpgradeProposal(), view, networkHeight);
            case PROTOCOL_UPGRADE_REJECTION -> checkRejection(tx, signer, input.getProtocolUpgradeRejection().getProposalId());
            case UPGRADE_RECOVERY -> RecoveryRules.check(tx, signer, input.getUpgradeRecovery(), view, networkHeight);
            default -> Verdict.refused(RefusalReason.UNKNOWN_COMMAND, "input data carries no protocol_upgrade_proposal (2009),"
                    + " protocol_upgrade_rejection (9001) or upgrade_recovery (9002)");
        };
    }

    /** |block_height − network height| ≤ replay window: height sources lag a little, so a slightly newer height is fine too. */
    static boolean withinReplayWindow(long blockHeight, long height, long window) {
        if (blockHeight < 0) {
            return false; // above 2^63 as uint64: nowhere near any real height
        }
        return Math.abs(blockHeight - height) <= window;
    }

    private static Verdict checkProposal(DecodedTransaction tx, String signer, ProtocolUpgradeProposal proposal, NetworkView view,
            long networkHeight) {
        Optional<ReleaseTag> tag = ReleaseTag.parse(proposal.getVegaReleaseTag());
        if (tag.isEmpty()) {
            return Verdict.refused(RefusalReason.INVALID_RELEASE_TAG, "release tag \"" + EnvelopeRules.printable(proposal.getVegaReleaseTag())
                    + "\" is not semver such as v1.2.3");
        }
        long height = proposal.getUpgradeBlockHeight();
        long lead = view.network().minLeadBlocks();
        if (height >= 0 && (height <= networkHeight || height - networkHeight < lead)) {
            return Verdict.refused(RefusalReason.HEIGHT_TOO_SOON, "upgrade height " + height + " is less than " + lead
                    + " blocks ahead of the network height " + networkHeight);
        }
        if (tag.get().compareTo(view.currentRelease()) < 0) {
            return Verdict.refused(RefusalReason.DOWNGRADE, "release " + tag.get() + " is older than the current release "
                    + view.currentRelease());
        }
        Optional<String> badArtifact = artifactProblem(proposal.getArtifactsList());
        if (badArtifact.isPresent()) {
            return Verdict.refused(RefusalReason.INVALID_ARTIFACT, badArtifact.get());
        }
        String id = ProposalId.of(proposal.getVegaReleaseTag(), height, proposal.getArtifactsList());
        return new Verdict.Accepted(tx, signer, id, CommandKind.COMMAND_KIND_PROPOSAL);
    }

    private static Verdict checkRejection(DecodedTransaction tx, String signer, String proposalId) {
        if (ProposalId.parse(proposalId).isEmpty()) {
            return Verdict.refused(RefusalReason.UNKNOWN_PROPOSAL, "proposal id \"" + EnvelopeRules.printable(proposalId)
                    + "\" is not of the form <tag>@<height>[#<16 hex>]");
        }
        return new Verdict.Accepted(tx, signer, proposalId, CommandKind.COMMAND_KIND_REJECTION);
    }

    static Optional<String> artifactProblem(List<ReleaseArtifact> artifacts) {
        Set<String> platforms = new HashSet<>();
        for (int i = 0; i < artifacts.size(); i++) {
            ReleaseArtifact a = artifacts.get(i);
            String at = "artifacts[" + i + "]";
            if (!PLATFORM.matcher(a.getPlatform()).matches()) {
                return Optional.of(at + ".platform \"" + EnvelopeRules.printable(a.getPlatform()) + "\" is not os/arch such as linux/amd64");
            }
            if (!platforms.add(a.getPlatform())) {
                return Optional.of(at + ".platform " + a.getPlatform() + " appears twice");
            }
            if (!SHA256.matcher(a.getSha256()).matches()) {
                return Optional.of(at + ".sha256 must be 64 lowercase hex characters");
            }
            if (!a.getUrl().isEmpty() && !isHttpUrl(a.getUrl())) {
                return Optional.of(at + ".url \"" + EnvelopeRules.printable(a.getUrl()) + "\" is not an http(s) URL");
            }
        }
        return Optional.empty();
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
