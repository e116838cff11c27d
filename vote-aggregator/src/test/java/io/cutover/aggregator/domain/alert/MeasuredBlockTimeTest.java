package io.cutover.aggregator.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class MeasuredBlockTimeTest {

    private static final Instant T0 = Instant.parse("2026-12-08T12:00:00Z");

    @Test
    void projectsTheNewestHeightByTheMeanBlockTime() {
        MeasuredBlockTime clock = new MeasuredBlockTime(Duration.ofHours(1));
        clock.observe("devnet", 100, T0);
        assertThat(clock.estimate("devnet", 200)).as("one observation gives no block time").isEmpty();
        clock.observe("devnet", 110, T0.plusSeconds(20));
        clock.observe("devnet", 110, T0.plusSeconds(25)); // no new block: ignored
        clock.observe("devnet", 130, T0.plusSeconds(60));
        assertThat(clock.blockTime("devnet")).contains(Duration.ofSeconds(2));
        assertThat(clock.estimate("devnet", 230)).contains(T0.plusSeconds(60 + 200));
        assertThat(clock.estimate("other", 230)).isEmpty();
    }

    @Test
    void forgetsObservationsOlderThanTheWindow() {
        MeasuredBlockTime clock = new MeasuredBlockTime(Duration.ofMinutes(1));
        clock.observe("devnet", 100, T0);
        clock.observe("devnet", 101, T0.plusSeconds(100)); // a slow start
        clock.observe("devnet", 111, T0.plusSeconds(110));
        clock.observe("devnet", 121, T0.plusSeconds(120));
        assertThat(clock.blockTime("devnet")).contains(Duration.ofSeconds(1));
    }
}
