package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class GoDurationTest {

    @Test
    void readsGoDurations() {
        assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoDuration.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void refusesWhatGoRefuses() {
        assertThat(GoDuration.parse("")).isNull();
        assertThat(GoDuration.parse("10")).isNull();
        assertThat(GoDuration.parse("10 s")).isNull();
        assertThat(GoDuration.parse("ten seconds")).isNull();
        assertThat(GoDuration.parse("PT10S")).isNull();
        assertThat(GoDuration.parse("5d")).isNull();
    }

    @Test
    void writesWhatItReads() {
        for (String s : new String[] {"300ms", "10s", "1m30s", "2h", "1.5s"}) {
            assertThat(GoDuration.format(GoDuration.parse(s))).isEqualTo(s);
        }
    }
}
