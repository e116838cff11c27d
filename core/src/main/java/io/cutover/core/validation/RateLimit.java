package io.cutover.core.validation;

/**
 * How many transactions a validator may have accepted: {@code burst} at once, then
 * {@code refillPerMinute} more each minute.
 */
public record RateLimit(int burst, double refillPerMinute) {

    public RateLimit {
        if (burst < 1 || refillPerMinute <= 0) {
            throw new IllegalArgumentException("a rate limit needs burst >= 1 and refillPerMinute > 0, got " + burst + ", " + refillPerMinute);
        }
    }
}
