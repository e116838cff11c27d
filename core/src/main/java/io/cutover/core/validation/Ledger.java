package io.cutover.core.validation;

/** What has already been accepted, as the rules need to see it. Held by the caller, read by the rules. */
public interface Ledger {

    /** True when a transaction with this hash (lowercase hex SHA-256) was accepted or is being written. */
    boolean hasSeen(String txHash);

    /** True when this validator already used this nonce. */
    boolean nonceUsed(String signer, long nonce);
}
