package io.cutover.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final RateLimit LIMIT = new RateLimit(3, 60);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void allowsTheBurstThenRefuses() {
        TokenBucket bucket = TokenBucket.full(LIMIT, T0);
        for (int i = 0; i < 3; i++) {
            TokenBucket.Take take = bucket.take(LIMIT, T0);
            assertThat(take.allowed()).isTrue();
            bucket = take.bucket();
        }
        assertThat(bucket.take(LIMIT, T0).allowed()).isFalse();
    }

    @Test
    void refillsWithTimeUpToTheBurst() {
        TokenBucket empty = new TokenBucket(0, T0);
        assertThat(empty.take(LIMIT, T0.plusMillis(500)).allowed()).isFalse();
        assertThat(empty.take(LIMIT, T0.plusSeconds(1)).allowed()).isTrue();
        TokenBucket later = empty.take(LIMIT, T0.plus(Duration.ofHours(1))).bucket();
        assertThat(later.tokens()).isEqualTo(2.0);
    }

    @Test
    void aClockGoingBackDoesNotMintTokens() {
        TokenBucket empty = new TokenBucket(0, T0);
        assertThat(empty.take(LIMIT, T0.minusSeconds(30)).allowed()).isFalse();
    }

    @Test
    void aTokenGivenBackCanBeTakenAgain() {
        TokenBucket empty = new TokenBucket(0, T0);
        assertThat(empty.giveBack(LIMIT).take(LIMIT, T0).allowed()).isTrue();
        assertThat(TokenBucket.full(LIMIT, T0).giveBack(LIMIT).tokens()).isEqualTo(3.0);
    }
}
