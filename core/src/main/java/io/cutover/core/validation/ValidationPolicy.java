package io.cutover.core.validation;

/**
 * The knobs of the validation pipeline that are not part of network.toml.
 *
 * @param maxTxBytes largest accepted transaction, in bytes
 * @param acceptV2 whether V2 transactions (signed without chain binding) are accepted
 */
public record ValidationPolicy(int maxTxBytes, boolean acceptV2) {

    public static final int DEFAULT_MAX_TX_BYTES = 64 * 1024;

    public ValidationPolicy {
        if (maxTxBytes <= 0) {
            throw new IllegalArgumentException("maxTxBytes must be positive, got " + maxTxBytes);
        }
    }

    public static ValidationPolicy defaults() {
        return new ValidationPolicy(DEFAULT_MAX_TX_BYTES, false);
    }
}
