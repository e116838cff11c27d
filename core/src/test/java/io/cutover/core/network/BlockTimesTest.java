package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BlockTimesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void isUnknownUntilTwoHeightsWereSeen() {
        BlockTimes times = new BlockTimes();
        assertThat(times.current()).isEmpty();
        times.observe(100, T0);
        times.observe(100, T0.plusSeconds(5));
        assertThat(times.current()).isEmpty();
    }

    @Test
    void dividesTheElapsedTimeByTheHeightsBetweenReports() {
        BlockTimes times = new BlockTimes();
        times.observe(100, T0);
        times.observe(105, T0.plusSeconds(10)); // a gap of five blocks: 2 s each
        times.observe(106, T0.plusSeconds(12));
        BlockTimes.BlockTime measured = times.current().orElseThrow();
        assertThat(measured.perBlock()).isEqualTo(Duration.ofSeconds(2));
        assertThat(measured.spread()).isEqualTo(Duration.ZERO);
        assertThat(measured.blocks()).isEqualTo(6);
    }

    @Test
    void keepsTheFirstTimeAHeightWasSeenAndIgnoresLowerHeights() {
        BlockTimes times = new BlockTimes();
        times.observe(100, T0);
        times.observe(100, T0.plusSeconds(3)); // another agent at the same block
        times.observe(98, T0.plusSeconds(4)); // a node catching up
        times.observe(101, T0.plusSeconds(1));
        times.observe(101, T0.plusSeconds(9));
        BlockTimes.BlockTime measured = times.current().orElseThrow();
        assertThat(measured.perBlock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(measured.blocks()).isEqualTo(1);
    }

    @Test
    void takesTheMedianSoThatOneStallDoesNotMoveIt() {
        BlockTimes times = new BlockTimes();
        long[] seconds = {0, 1, 2, 3, 63, 64}; // one block took a minute
        for (int i = 0; i < seconds.length; i++) {
            times.observe(100 + i, T0.plusSeconds(seconds[i]));
        }
        BlockTimes.BlockTime measured = times.current().orElseThrow();
        assertThat(measured.perBlock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(measured.spread()).isEqualTo(Duration.ZERO);
    }

    @Test
    void spreadIsTheMedianDeviationOfTheIntervals() {
        BlockTimes times = new BlockTimes();
        long[] millis = {0, 1000, 2200, 3000, 4400}; // intervals 1.0, 1.2, 0.8, 1.4 s
        for (int i = 0; i < millis.length; i++) {
            times.observe(10 + i, T0.plusMillis(millis[i]));
        }
        BlockTimes.BlockTime measured = times.current().orElseThrow();
        assertThat(measured.perBlock()).isEqualTo(Duration.ofMillis(1100)); // median of 0.8 1.0 1.2 1.4
        assertThat(measured.spread()).isEqualTo(Duration.ofMillis(200)); // deviations 0.1 0.1 0.3 0.3 -> 0.2
    }

    @Test
    void measuresOnlyTheMostRecentIntervals() {
        BlockTimes times = new BlockTimes(2);
        times.observe(1, T0);
        times.observe(2, T0.plusSeconds(10));
        times.observe(3, T0.plusSeconds(11));
        times.observe(4, T0.plusSeconds(12));
        BlockTimes.BlockTime measured = times.current().orElseThrow();
        assertThat(measured.perBlock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(measured.blocks()).isEqualTo(2);
    }
}
