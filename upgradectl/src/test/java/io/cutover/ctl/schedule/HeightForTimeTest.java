package io.cutover.ctl.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class HeightForTimeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T14:00:00Z");
    private static final Instant TOMORROW = Instant.parse("2026-12-08T14:00:00Z");

    @Test
    void theHeightIsTheNetworkHeightPlusTheBlocksUntilTheTime() {
        HeightForTime.Planned plan = (HeightForTime.Planned) HeightForTime.plan(TOMORROW, NOW, 123_456, 1020, 0, 120, 20);

        // 86 400 s / 1.02 s = 84 705.88 blocks: 84 706, which lands 0.12 s after the time asked
        assertThat(plan.height()).isEqualTo(123_456 + 84_706);
        assertThat(plan.expectedAt()).isEqualTo(TOMORROW.plusMillis(120));
        // half a millisecond per block ahead (42.353 s) plus one block (1.02 s)
        assertThat(plan.uncertainty()).isEqualTo(Duration.ofMillis(42_353 + 1020));
        assertThat(plan.blockTimeMillis()).isEqualTo(1020);
        assertThat(plan.samples()).isEqualTo(120);
    }

    @Test
    void theSpreadOfRecentIntervalsWidensTheUncertaintyBlockByBlock() {
        // 30 blocks ahead at 1 s, recent intervals straying 40 ms: 30 × 40 ms + 15 ms + one block
        HeightForTime.Planned plan = (HeightForTime.Planned) HeightForTime.plan(NOW.plusSeconds(30), NOW, 7, 1000, 40, 11, 10);

        assertThat(plan.height()).isEqualTo(37);
        assertThat(plan.uncertainty()).isEqualTo(Duration.ofMillis(1_200 + 15 + 1_000));
    }

    @Test
    void refusesATimeInThePast() {
        HeightForTime.Refused refused = (HeightForTime.Refused) HeightForTime.plan(NOW.minusSeconds(1), NOW, 1000, 1000, 0, 100, 20);
        assertThat(refused.why()).isEqualTo(HeightForTime.Why.IN_THE_PAST);
        assertThat(refused.message()).contains("is in the past");
    }

    @Test
    void refusesATimeTooSoonForTheMinimumLead() {
        HeightForTime.Refused refused = (HeightForTime.Refused) HeightForTime.plan(NOW.plusSeconds(60), NOW, 1000, 2000, 0, 100, 50);
        assertThat(refused.why()).isEqualTo(HeightForTime.Why.TOO_SOON);
        assertThat(refused.message()).contains("too soon for the minimum lead of 50 blocks (~1 min)", "only 30 blocks ahead");
    }

    @Test
    void refusesWhileTheBlockTimeIsUnknown() {
        HeightForTime.Refused refused = (HeightForTime.Refused) HeightForTime.plan(TOMORROW, NOW, 1000, 0, 0, 0, 20);
        assertThat(refused.why()).isEqualTo(HeightForTime.Why.BLOCK_TIME_UNKNOWN);
        assertThat(refused.message()).contains("block time is not measured yet");
    }
}
