package io.cutover.core.tally;

/** The life of a proposal: PENDING until APPROVED or REJECTED; an approval can end CANCELLED. */
public enum ProposalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CANCELLED;

    public boolean isOpen() {
        return this == PENDING || this == APPROVED;
    }
}
