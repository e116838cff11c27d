package io.cutover.core.validation;

import io.cutover.core.outcome.Refusal;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.proto.v1.CommandKind;

/** The outcome of validating a submitted transaction: accepted with what it means, or refused with a reason. */
public sealed interface Verdict {

    /** A transaction that passed every rule: the decoded bytes, its signer, the proposal it is about and its kind. */
    record Accepted(DecodedTransaction tx, String signer, String proposalId, CommandKind kind) implements Verdict {
    }

    record Refused(Refusal refusal) implements Verdict {

        public RefusalReason reason() {
            return refusal.reason();
        }
    }

    static Refused refused(RefusalReason reason, String detail) {
        return new Refused(new Refusal(reason, detail));
    }
}
