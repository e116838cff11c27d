package io.cutover.aggregator.network;

import io.cutover.core.outcome.RefusalReason;

/** A request's chain cannot be served: none named while several networks are served, or one nobody serves here. */
public final class ChainRefused extends RuntimeException {

    private final RefusalReason reason;

    ChainRefused(RefusalReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** {@link RefusalReason#CHAIN_REQUIRED} or {@link RefusalReason#UNKNOWN_CHAIN}. */
    public RefusalReason reason() {
        return reason;
    }
}
