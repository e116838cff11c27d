package io.cutover.proposal.domain;

import io.cutover.core.outcome.Refusal;

/** A request that named no chain while several are served (CHAIN_REQUIRED), or a chain nobody serves here (UNKNOWN_CHAIN). */
public final class ChainRefused extends RuntimeException {

    private final transient Refusal refusal;

    public ChainRefused(Refusal refusal) {
        super(refusal.toString(), null, false, false);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
