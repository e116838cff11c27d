package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class BlockTimesTest {

    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void isUnknownUntilTwoHeightsWereSeenApart() {
        BlockTimes times = new BlockTimes(10);
        assertThat(times.estimate()).isEmpty();
        times.add(100, T0);
        times.add(100, T0.plusMillis(700));
        assertThat(times.estimate()).isEmpty();
    }

    @Test
    void takesTheMedianOfTheIntervals() {
        BlockTimes times = new BlockTimes(10);
        times.add(1, T0);
        times.add(2, T0.plusMillis(1000));
        times.add(3, T0.plusMillis(2000));
        times.add(4, T0.plusMillis(9000)); // one slow block does not move the median
        times.add(5, T0.plusMillis(10000));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(1000, 4));
    }

    @Test
    void dividesElapsedTimeByTheHeightDeltaAcrossGaps() {
        BlockTimes times = new BlockTimes(10);
        times.add(100, T0);
        times.add(105, T0.plusMillis(2500));
        times.add(115, T0.plusMillis(7500));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(500, 2));
    }

    @Test
    void keepsTheFirstSightingOfAHeight() {
        BlockTimes times = new BlockTimes(10);
        times.add(10, T0);
        times.add(11, T0.plusMillis(1400)); // a report that came late arrives first
        times.add(11, T0.plusMillis(1000));
        times.add(11, T0.plusMillis(1900));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(1000, 1));
    }

    @Test
    void ignoresOldHeightsOfANodeCatchingUp() {
        BlockTimes times = new BlockTimes(10);
        times.add(100, T0);
        times.add(101, T0.plusMillis(1000));
        times.add(40, T0.plusMillis(1100));
        times.add(41, T0.plusMillis(1110));
        times.add(102, T0.plusMillis(2000));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(1000, 2));
    }

    @Test
    void forgetsHeightsOutsideTheWindow() {
        BlockTimes times = new BlockTimes(3);
        times.add(1, T0);
        times.add(2, T0.plusMillis(5000));
        times.add(3, T0.plusMillis(5200));
        times.add(4, T0.plusMillis(5400));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(200, 2));
    }

    @Test
    void ignoresAClockThatRunsBackwards() {
        BlockTimes times = new BlockTimes(10);
        times.add(1, T0.plusMillis(3000));
        times.add(2, T0);
        times.add(3, T0.plusMillis(400));
        assertThat(times.estimate()).contains(new BlockTimes.Estimate(400, 1));
    }

    @Test
    void refusesAWindowTooSmallToMeasure() {
        assertThatThrownBy(() -> new BlockTimes(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
