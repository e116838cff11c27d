package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.Threshold;

class PowerBackForecastTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Threshold MORE_THAN_TWO_THIRDS = new Threshold(new Fraction(2, 3), ApprovalRule.GREATER);
    private static final Optional<Instant> HEIGHT_IN_100_S = Optional.of(NOW.plusSeconds(100));

    private static PowerBackForecast.Node ready(String name, long switchSeconds) {
        return new PowerBackForecast.Node(name, "key-" + name, 10, true, null, null, Duration.ofSeconds(switchSeconds));
    }

    private static PowerBackForecast.Node notReady(String name) {
        return new PowerBackForecast.Node(name, "key-" + name, 10, false, null, null, Duration.ofSeconds(30));
    }

    private static PowerBackForecast.Node backAt(String name, long second) {
        return new PowerBackForecast.Node(name, "key-" + name, 10, true, NOW.minusSeconds(60), NOW.plusSeconds(second), Duration.ofSeconds(1));
    }

    @Test
    void thePowerIsBackAtTheFirstBlockOfTheNodeThatTakesItPastTheThreshold() {
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(backAt("v1", -5), backAt("v2", -7), backAt("v3", -1), notReady("v4")),
                MORE_THAN_TWO_THIRDS, 40, HEIGHT_IN_100_S, NOW);
        assertThat(outcome).isEqualTo(new PowerBackForecast.Outcome(Optional.of(NOW.minusSeconds(1)), Optional.empty(), List.of()));
    }

    @Test
    void forecastsTheHeightsTimePlusEachNodesSwitchTimeAndNamesTheNotReadyAndTheSlowestNeeded() {
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(ready("v1", 10), ready("v3", 40), ready("v2", 20), notReady("v4")),
                MORE_THAN_TWO_THIRDS, 40, HEIGHT_IN_100_S, NOW);
        assertThat(outcome).isEqualTo(new PowerBackForecast.Outcome(Optional.empty(), Optional.of(NOW.plusSeconds(140)), List.of("v4", "v3")));
    }

    @Test
    void theSlowestNeededIsTheOneWhoseTimeMeetsTheThresholdNotOneAfterIt() {
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(ready("v1", 10), ready("v2", 20), ready("v3", 40), ready("v4", 90)),
                MORE_THAN_TWO_THIRDS, 40, HEIGHT_IN_100_S, NOW);
        assertThat(outcome.forecastBackAt()).contains(NOW.plusSeconds(140));
        assertThat(outcome.holdingBack()).containsExactly("v3");
    }

    @Test
    void aHaltedNodeIsExpectedAtItsHaltPlusItsSwitchTimeAndAnOverdueOneNow() {
        PowerBackForecast.Node haltedLongAgo = new PowerBackForecast.Node("v1", "key-v1", 10, true, NOW.minusSeconds(60), null, Duration.ofSeconds(10));
        PowerBackForecast.Node haltedJustNow = new PowerBackForecast.Node("v2", "key-v2", 20, true, NOW.minusSeconds(2), null, Duration.ofSeconds(10));
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(haltedLongAgo, haltedJustNow, notReady("v3")), MORE_THAN_TWO_THIRDS,
                40, Optional.of(NOW.minusSeconds(60)), NOW);
        assertThat(outcome).isEqualTo(new PowerBackForecast.Outcome(Optional.empty(), Optional.of(NOW.plusSeconds(8)), List.of("v3", "v2")));
    }

    @Test
    void noForecastWhileTooLittlePowerIsReadyAndEveryNotReadyValidatorIsNamed() {
        PowerBackForecast.Node noValidator = new PowerBackForecast.Node("sentry", "", 0, false, null, null, Duration.ofSeconds(30));
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(ready("v1", 10), backAt("v2", -3), notReady("v4"), notReady("v3"), noValidator),
                MORE_THAN_TWO_THIRDS, 40, HEIGHT_IN_100_S, NOW);
        assertThat(outcome).isEqualTo(new PowerBackForecast.Outcome(Optional.empty(), Optional.empty(), List.of("v3", "v4")));
    }

    @Test
    void withoutTheHeightsTimeOnlyHaltedAndBackNodesAreForecast() {
        PowerBackForecast.Node halted = new PowerBackForecast.Node("v1", "key-v1", 30, true, NOW, null, Duration.ofSeconds(5));
        PowerBackForecast.Outcome outcome = PowerBackForecast.of(List.of(halted, ready("v2", 1)), MORE_THAN_TWO_THIRDS, 40, Optional.empty(), NOW);
        assertThat(outcome.forecastBackAt()).contains(NOW.plusSeconds(5));
        assertThat(PowerBackForecast.of(List.of(ready("v1", 1), ready("v2", 1), ready("v3", 1)), MORE_THAN_TWO_THIRDS, 30, Optional.empty(), NOW)
                .forecastBackAt()).isEmpty();
    }

    @Test
    void twoNodesOfOneValidatorCountItsPowerOnce() {
        PowerBackForecast.Node primary = new PowerBackForecast.Node("v1-a", "key-v1", 20, true, null, NOW, Duration.ZERO);
        PowerBackForecast.Node backup = new PowerBackForecast.Node("v1-b", "key-v1", 20, true, null, NOW.plusSeconds(1), Duration.ZERO);
        assertThat(PowerBackForecast.of(List.of(primary, backup), MORE_THAN_TWO_THIRDS, 30, Optional.empty(), NOW).powerBackAt()).isEmpty();
        assertThat(PowerBackForecast.of(List.of(primary, backup), MORE_THAN_TWO_THIRDS, 29, Optional.empty(), NOW).powerBackAt()).contains(NOW);
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(PowerBackForecast.median(List.of(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(2))))
                .contains(Duration.ofSeconds(2));
        assertThat(PowerBackForecast.median(List.of(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))))
                .contains(Duration.ofMillis(2500));
        assertThat(PowerBackForecast.median(List.of())).isEmpty();
    }
}
