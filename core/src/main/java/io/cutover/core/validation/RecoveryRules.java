package io.cutover.core.validation;

import java.util.Optional;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.UpgradeRecovery;

/**
 * The rules on an upgrade_recovery: it names a known upgrade whose height the network has reached
 * and not gone past (the network is halted there), and a hot-fix brings a newer, well-formed release.
 */
final class RecoveryRules {

    private RecoveryRules() {
    }

    static Verdict check(DecodedTransaction tx, String signer, UpgradeRecovery recovery, NetworkView view, long networkHeight) {
        String upgradeId = recovery.getUpgradeId();
        if (recovery.getActionCase() == UpgradeRecovery.ActionCase.ACTION_NOT_SET) {
            return Verdict.refused(RefusalReason.MALFORMED_TRANSACTION, "upgrade_recovery names no action: set hot_fix or return_to_previous");
        }
        Optional<ProposalId.Upgrade> failed = ProposalId.upgrade(upgradeId);
        if (failed.isEmpty()) {
            return Verdict.refused(RefusalReason.UNKNOWN_UPGRADE, "upgrade id \"" + EnvelopeRules.printable(upgradeId)
                    + "\" is not of the form <tag or plan name>@<height>[#<16 hex>]");
        }
        if (!view.upgrades().contains(upgradeId)) {
            return Verdict.refused(RefusalReason.UNKNOWN_UPGRADE, "no upgrade " + upgradeId
                    + " was approved by Cutover or announced by the chain to an agent");
        }
        long height = failed.get().height();
        if (networkHeight < height) {
            return Verdict.refused(RefusalReason.UPGRADE_NOT_REACHED, "upgrade " + upgradeId + " takes effect at height "
                    + Long.toUnsignedString(height) + "; the network is at " + networkHeight);
        }
        if (networkHeight > height) {
            return Verdict.refused(RefusalReason.NETWORK_NOT_HALTED, "the network is live at height " + networkHeight + ", past "
                    + Long.toUnsignedString(height) + " where " + upgradeId + " took effect; a recovery is accepted only while it is halted there");
        }
        if (recovery.hasHotFix()) {
            Optional<Verdict.Refused> fix = hotFixProblem(recovery.getHotFix(), failed.get().tag());
            if (fix.isPresent()) {
                return fix.get();
            }
        }
        return new Verdict.Accepted(tx, signer, RecoveryId.of(recovery), CommandKind.COMMAND_KIND_RECOVERY);
    }

    /** @param failedTag the failed upgrade's release tag; empty for a Cosmos plan whose name is none (any fix is newer) */
    private static Optional<Verdict.Refused> hotFixProblem(HotFix fix, Optional<ReleaseTag> failedTag) {
        Optional<ReleaseTag> tag = ReleaseTag.parse(fix.getVegaReleaseTag());
        if (tag.isEmpty()) {
            return Optional.of(Verdict.refused(RefusalReason.INVALID_RELEASE_TAG, "hot-fix release tag \""
                    + EnvelopeRules.printable(fix.getVegaReleaseTag()) + "\" is not semver such as v1.2.4"));
        }
        if (failedTag.isPresent() && tag.get().compareTo(failedTag.get()) <= 0) {
            return Optional.of(Verdict.refused(RefusalReason.HOT_FIX_NOT_NEWER, "hot-fix release " + tag.get()
                    + " is not newer than the failed release " + failedTag.get()));
        }
        return CommandRules.artifactProblem(fix.getArtifactsList()).map(problem -> Verdict.refused(RefusalReason.INVALID_ARTIFACT,
                "hot_fix." + problem));
    }
}
