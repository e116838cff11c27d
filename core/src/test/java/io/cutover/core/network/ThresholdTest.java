package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdTest {

    private final Threshold greaterThanTwoThirds = new Threshold(new Fraction(2, 3), ApprovalRule.GREATER);
    private final Threshold atLeastTwoThirds = new Threshold(new Fraction(2, 3), ApprovalRule.AT_LEAST);

    @Test
    void exactlyTwoThirdsIsNotEnoughUnderGreater() {
        assertThat(greaterThanTwoThirds.isMetBy(20, 30)).isFalse();
        assertThat(greaterThanTwoThirds.isMetBy(21, 30)).isTrue();
    }

    @Test
    void exactlyTwoThirdsIsEnoughUnderAtLeast() {
        assertThat(atLeastTwoThirds.isMetBy(20, 30)).isTrue();
        assertThat(atLeastTwoThirds.isMetBy(19, 30)).isFalse();
    }

    @Test
    void threeOfFourEqualValidatorsPass() {
        assertThat(greaterThanTwoThirds.isMetBy(30, 40)).isTrue();
        assertThat(greaterThanTwoThirds.isMetBy(20, 40)).isFalse();
    }

    @Test
    void minimumPowerAgreesWithIsMetBy() {
        for (long total = 1; total <= 60; total++) {
            for (Threshold t : new Threshold[] {greaterThanTwoThirds, atLeastTwoThirds,
                    new Threshold(new Fraction(1, 1), ApprovalRule.AT_LEAST)}) {
                long min = t.minimumPower(total);
                if (min <= total) {
                    assertThat(t.isMetBy(min, total)).as("%s of %d", t, total).isTrue();
                }
                assertThat(t.isMetBy(min - 1, total)).as("%s of %d", t, total).isFalse();
            }
        }
    }

    @Test
    void noFloatingPointRoundingWithHugePowers() {
        long total = 3_000_000_000_000_000_000L;
        assertThat(greaterThanTwoThirds.isMetBy(2_000_000_000_000_000_000L, total)).isFalse();
        assertThat(greaterThanTwoThirds.isMetBy(2_000_000_000_000_000_001L, total)).isTrue();
    }

    @Test
    void fractionsOutsideZeroToOneAreRefused() {
        assertThat(Fraction.parse("2/3")).contains(new Fraction(2, 3));
        assertThat(Fraction.parse("1/1")).isPresent();
        assertThat(Fraction.parse("0/3")).isEmpty();
        assertThat(Fraction.parse("4/3")).isEmpty();
        assertThat(Fraction.parse("2/0")).isEmpty();
        assertThat(Fraction.parse("0.67")).isEmpty();
    }
}
