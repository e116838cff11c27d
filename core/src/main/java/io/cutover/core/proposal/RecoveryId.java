package io.cutover.core.proposal;

import java.util.List;

import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.UpgradeRecovery;

/**
 * A recovery's identity, under the failed upgrade's id: {@code "<upgrade>/hot-fix/<tag>"} (plus
 * {@code "#<d>"} over the fix's artifacts, as in {@link ProposalId}) or {@code "<upgrade>/return"}.
 * Votes count together only for the same id.
 */
public final class RecoveryId {

    static final String HOT_FIX = "/hot-fix/";
    static final String RETURN = "/return";

    private RecoveryId() {
    }

    public static String hotFix(String upgradeId, String releaseTag, List<ReleaseArtifact> artifacts) {
        return upgradeId + HOT_FIX + releaseTag + ProposalId.artifactSuffix(artifacts);
    }

    public static String returnToPrevious(String upgradeId) {
        return upgradeId + RETURN;
    }

    /** The id of this recovery; a recovery with no action is named as a return (it is refused before it counts). */
    public static String of(UpgradeRecovery recovery) {
        return recovery.hasHotFix()
                ? hotFix(recovery.getUpgradeId(), recovery.getHotFix().getVegaReleaseTag(), recovery.getHotFix().getArtifactsList())
                : returnToPrevious(recovery.getUpgradeId());
    }
}
