package io.cutover.agent.domain;

/** What can happen to an agent. Each is handled by {@link Rollout#next}. */
public sealed interface Event {

    /** An upgrade source announced a target: a verified approval, or the chain's own accepted upgrade. */
    record TargetAnnounced(Target target) implements Event {
    }

    /** The source withdrew the target before its height (an approval CANCELLED, the chain's upgrade dropped). */
    record TargetWithdrawn(String proposalId, long height) implements Event {
    }

    /** An announcement that is refused (a bad certificate, a malformed chain reply): never acted on, only reported. */
    record TargetRefused(String proposalId, String reason) implements Event {
    }

    record StagingStarted() implements Event {
    }

    /** The release is staged; {@code note} is reported in last_error while READY (e.g. "checksum not verified"). */
    record Staged(String proposalId, String folder, String note) implements Event {

        public Staged(String proposalId, String folder) {
            this(proposalId, folder, "");
        }
    }

    record StagingFailed(String proposalId, String reason) implements Event {
    }

    /** The node reached the height at which to begin halting. */
    record HeightReached(long height) implements Event {
    }

    /** The node is stopped, halted at {@code height}. */
    record Halted(long height) implements Event {
    }

    /** The steps between stop and start failed, or {@code current} could not be re-pointed: the node stays stopped. */
    record SwitchFailed(String reason) implements Event {
    }

    /** {@code current} now points at the staged release. */
    record Switched() implements Event {
    }

    /** The new release answers and its height moved past the upgrade height. */
    record StartedPastHeight(long height, long switchoverMillis) implements Event {
    }

    /** The new release exited, never answered within the start timeout, or stopped answering for as long. */
    record StartFailed(String reason, boolean producedBlocks) implements Event {
    }

    /** The delay after a failed start is over. */
    record RetryDue() implements Event {
    }

    /** The node exited on its own; {@code willRestart} is false when the restart budget is spent. */
    record NodeCrashed(String reason, boolean willRestart) implements Event {
    }

    /** Rolling back could not start the previous release. */
    record RollbackFailed(String reason) implements Event {
    }

    /**
     * With no upgrade under way, the node was moved to the release in force at its height (it had
     * started on another one, e.g. restored from a snapshot taken after an upgrade).
     */
    record ReleaseInForce(String folder) implements Event {
    }

    /** The agent started again and retries what had failed (an operator fixed the cause). */
    record Resumed() implements Event {
    }

    /** The validators approved a recovery of an upgrade that failed at its height ({@link Recovery}). */
    record RecoveryApproved(RecoveryPlan plan) implements Event {
    }

    /** The recovery re-pointed {@code current} to {@code folder}: the fix, or the release before the upgrade. */
    record RecoverySwitched(String folder) implements Event {
    }

    /** The recovery could not be applied (staging, the restore, the switch): the node stays stopped. */
    record RecoveryFailed(String reason) implements Event {
    }
}
