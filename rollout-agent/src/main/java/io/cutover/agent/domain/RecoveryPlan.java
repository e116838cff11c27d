package io.cutover.agent.domain;

/**
 * A recovery the validators approved (its quorum certificate verified) for an upgrade that failed at
 * its height.
 *
 * @param recoveryId the approval's id ("&lt;upgrade&gt;/hot-fix/&lt;tag&gt;[#d]", "&lt;upgrade&gt;/return")
 * @param upgradeId  the failed upgrade: the target's proposal id
 * @param height     the failed upgrade's height
 * @param fix        HOT_FIX: the fixed release, to start at {@code height}; RETURN: null
 * @param failedTag  the failed upgrade's release tag
 */
public record RecoveryPlan(String recoveryId, String upgradeId, Action action, long height, Target fix, String failedTag) {

    public enum Action {
        /** A fixed release started at the same height in place of the failed one. */
        HOT_FIX,
        /** Back to the release before the upgrade, with the upgrade at its height skipped. */
        RETURN
    }
}
