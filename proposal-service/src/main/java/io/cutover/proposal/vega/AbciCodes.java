package io.cutover.proposal.vega;

import io.cutover.core.outcome.RefusalReason;

/**
 * The one table from Cutover's refusal reasons to the ABCI codes a Vega node answers with
 * ({@code core/blockchain/response.go}): what Vega calls decoding failures are 60, spam and replay
 * 89, a command proposal-service does not take 80, every other refusal 51.
 */
public final class AbciCodes {

    public static final int OK = 0;
    public static final int VALIDATION_FAILURE = 51;
    public static final int DECODING_FAILURE = 60;
    public static final int UNKNOWN_COMMAND = 80;
    public static final int SPAM = 89;

    private AbciCodes() {
    }

    /**
     * @param nonceZero whether the refused transaction's nonce is 0: Vega treats that as a decoding failure (60),
     *                  a reused nonce as spam (89); Cutover gives both {@code NONCE_REUSED}
     */
    public static int of(RefusalReason reason, boolean nonceZero) {
        return switch (reason) {
            case MALFORMED_TRANSACTION, TOO_LARGE, UNSUPPORTED_TX_VERSION, UNSUPPORTED_SIGNATURE_ALGORITHM, SIGNATURE_INVALID -> DECODING_FAILURE;
            case NONCE_REUSED -> nonceZero ? DECODING_FAILURE : SPAM;
            case DUPLICATE_TRANSACTION, RATE_LIMITED, STALE_BLOCK_HEIGHT, PROOF_OF_WORK_INVALID, PROOF_OF_WORK_BLOCK_UNKNOWN,
                    PROOF_OF_WORK_TID_REUSED -> SPAM;
            case UNKNOWN_COMMAND -> UNKNOWN_COMMAND;
            default -> VALIDATION_FAILURE;
        };
    }

    /**
     * Refusals that judge the service's state, not the transaction: a Vega node that cannot reach its
     * chain answers with a gRPC error, not a code, and wallets retry those.
     */
    public static boolean isRetryableError(RefusalReason reason) {
        return reason == RefusalReason.BUS_UNAVAILABLE || reason == RefusalReason.NETWORK_HEIGHT_UNKNOWN;
    }
}
