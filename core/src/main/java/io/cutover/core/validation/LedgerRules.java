package io.cutover.core.validation;

import io.cutover.core.outcome.RefusalReason;

/** The rules on what was already accepted: the same bytes twice, or a validator's nonce used again. */
public final class LedgerRules {

    private LedgerRules() {
    }

    /** {@code accepted} unchanged when it is new, else the refusal. */
    public static Verdict check(Verdict.Accepted accepted, Ledger ledger) {
        if (ledger.hasSeen(accepted.tx().txHash())) {
            return Verdict.refused(RefusalReason.DUPLICATE_TRANSACTION, "transaction " + accepted.tx().txHash() + " was already accepted");
        }
        long nonce = accepted.tx().inputData().getNonce();
        if (ledger.nonceUsed(accepted.signer(), nonce)) {
            return Verdict.refused(RefusalReason.NONCE_REUSED, "nonce " + Long.toUnsignedString(nonce)
                    + " was already used by this validator");
        }
        return accepted;
    }
}
