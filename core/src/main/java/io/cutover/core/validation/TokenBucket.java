package io.cutover.core.validation;

import java.time.Duration;
import java.time.Instant;

/**
 * A per-validator allowance as a value: {@code tokens} left at {@code updatedAt}. Refills at
 * {@link RateLimit#refillPerMinute()} up to {@link RateLimit#burst()}. Pure: the caller keeps the
 * returned bucket and passes the time in.
 */
public record TokenBucket(double tokens, Instant updatedAt) {

    /** What taking a token gave: whether it was allowed, and the bucket to keep. */
    public record Take(boolean allowed, TokenBucket bucket) {
    }

    public static TokenBucket full(RateLimit limit, Instant now) {
        return new TokenBucket(limit.burst(), now);
    }

    public Take take(RateLimit limit, Instant now) {
        TokenBucket refilled = refill(limit, now);
        if (refilled.tokens >= 1) {
            return new Take(true, new TokenBucket(refilled.tokens - 1, refilled.updatedAt));
        }
        return new Take(false, refilled);
    }

    /** Gives back a token taken for a submission that could not be written, so a retry is not charged twice. */
    public TokenBucket giveBack(RateLimit limit) {
        return new TokenBucket(Math.min(limit.burst(), tokens + 1), updatedAt);
    }

    private TokenBucket refill(RateLimit limit, Instant now) {
        if (!now.isAfter(updatedAt)) {
            return this;
        }
        double elapsedMinutes = Duration.between(updatedAt, now).toNanos() / 60e9;
        return new TokenBucket(Math.min(limit.burst(), tokens + elapsedMinutes * limit.refillPerMinute()), now);
    }
}
