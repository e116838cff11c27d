package io.cutover.core.tally;

import io.cutover.core.proposal.ReleaseTag;

/** What an input caused, in the order it happened. */
public sealed interface TallyEvent {

    /** A proposal's status or tally changed (published on upgrade.proposals). */
    record ProposalChanged(ProposalRecord proposal) implements TallyEvent {
    }

    /** A proposal was approved (published once on upgrade.approvals). */
    record ApprovalIssued(ApprovalRecord approval) implements TallyEvent {
    }

    /** An approval was cancelled (republished on upgrade.approvals with status CANCELLED). */
    record ApprovalCancelled(ApprovalRecord approval) implements TallyEvent {
    }

    /** An approved upgrade reached its height: the network now runs {@code release}. */
    record ReleaseAdvanced(String proposalId, ReleaseTag release, long height) implements TallyEvent {
    }

    /** A recovery's status or tally changed (published on upgrade.proposals, its recovery block set). */
    record RecoveryChanged(RecoveryRecord recovery) implements TallyEvent {
    }

    /** A recovery was approved: published once on upgrade.approvals under the failed upgrade's height, superseding its approval. */
    record RecoveryApproved(RecoveryRecord recovery, ApprovalRecord approval) implements TallyEvent {
    }

    /** The input could not count (unknown signer, closed proposal, ...): nothing changed. */
    record InputIgnored(String reason) implements TallyEvent {
    }
}
