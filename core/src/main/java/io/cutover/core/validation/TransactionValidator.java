package io.cutover.core.validation;

import java.util.Optional;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.SignatureCheck;
import io.cutover.core.tx.TransactionDecoder;

/**
 * The validation pipeline for a submitted transaction, as pure functions. Cheap checks first
 * (size, decoding, version, algorithm, key format, known validator with voting power), then the
 * signature, verified exactly once, then the rules that need the network's height and release.
 * The rules on the ledger ({@link LedgerRules}) and the allowance ({@link TokenBucket}) come last;
 * the caller runs them where it holds that state.
 */
public final class TransactionValidator {

    private TransactionValidator() {
    }

    /** Every rule that does not need the ledger. */
    public static Verdict validate(byte[] raw, NetworkView view, ValidationPolicy policy) {
        if (raw.length == 0) {
            return Verdict.refused(RefusalReason.MALFORMED_TRANSACTION, "the transaction is empty");
        }
        if (raw.length > policy.maxTxBytes()) {
            return Verdict.refused(RefusalReason.TOO_LARGE, "the transaction has " + raw.length + " bytes; the limit is " + policy.maxTxBytes());
        }
        Optional<DecodedTransaction> decoded = TransactionDecoder.decode(raw);
        if (decoded.isEmpty()) {
            return Verdict.refused(RefusalReason.MALFORMED_TRANSACTION, "the bytes are not a Vega Transaction with decodable input data");
        }
        DecodedTransaction tx = decoded.get();
        Optional<Verdict.Refused> envelope = EnvelopeRules.check(tx.transaction(), view.network(), policy);
        if (envelope.isPresent()) {
            return envelope.get();
        }
        if (!SignatureCheck.verifies(tx.transaction(), view.network().chainId(), policy.acceptV2())) {
            return Verdict.refused(RefusalReason.SIGNATURE_INVALID, "the signature does not verify for chain " + view.network().chainId()
                    + " (was it signed for another chain?)");
        }
        return CommandRules.check(tx, view);
    }

    /** The whole pipeline but the allowance: {@link #validate} then {@link LedgerRules}. */
    public static Verdict validate(byte[] raw, NetworkView view, ValidationPolicy policy, Ledger ledger) {
        Verdict verdict = validate(raw, view, policy);
        return verdict instanceof Verdict.Accepted accepted ? LedgerRules.check(accepted, ledger) : verdict;
    }
}
