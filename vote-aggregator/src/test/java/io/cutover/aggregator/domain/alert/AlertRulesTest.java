package io.cutover.aggregator.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AlertRulesTest {

    private static final Instant T = Instant.parse("2026-12-08T14:00:00Z"); // the upgrade's estimated time
    private static final Duration H = Duration.ofHours(1);
    private final AlertRules rules = new AlertRules(new AlertSettings(List.of(Duration.ofHours(6), Duration.ofHours(24)),
            Duration.ofHours(6), Duration.ofMinutes(10)));

    private static UpgradeFacts upgrade(long networkHeight, long readyPower, Optional<Instant> reachedAt) {
        return new UpgradeFacts("devnet", "v1.2.0@5000", "v1.2.0", 5000, false, Optional.of(T), readyPower, 27, networkHeight, reachedAt);
    }

    private List<String> keys(List<UpgradeFacts> upgrades, List<NodeFacts> nodes, Instant now, Set<String> raised) {
        return rules.due(upgrades, nodes, now, raised).stream().map(Alert::key).toList();
    }

    @Test
    void anApprovalAlertsOnceWithItsFigures() {
        Alert approved = rules.due(List.of(upgrade(100, 0, Optional.empty())), List.of(), T.minus(Duration.ofDays(3)), Set.of()).get(0);
        assertThat(approved.key()).isEqualTo("devnet/v1.2.0@5000/approved");
        assertThat(approved.kind()).isEqualTo(Alert.Kind.APPROVED);
        assertThat(approved.figures()).containsEntry("height", 5000L).containsEntry("estimated_at", T.toString())
                .containsEntry("ready_power", 0L).containsEntry("required_power", 27L);
        assertThat(approved.text()).contains("v1.2.0 at height 5000");
        assertThat(keys(List.of(upgrade(100, 0, Optional.empty())), List.of(), T.minus(Duration.ofDays(3)), Set.of(approved.key()))).isEmpty();
    }

    @Test
    void anUpgradeAnnouncedByTheChainAlertsAsAnnouncedAndNeverAsReadinessShort() {
        UpgradeFacts chain = new UpgradeFacts("devnet", "v2.0.0@900", "v2.0.0", 900, true, Optional.of(T), 0, 27, 100, Optional.empty());
        assertThat(keys(List.of(chain), List.of(), T.minus(H), Set.of()))
                .containsExactly("devnet/v2.0.0@900/announced", "devnet/v2.0.0@900/before-PT6H");
    }

    @Test
    void remindersGoOutAtEachLeadInTurn() {
        Set<String> raised = new HashSet<>(Set.of("devnet/v1.2.0@5000/approved"));
        List<UpgradeFacts> u = List.of(upgrade(100, 30, Optional.empty()));
        assertThat(keys(u, List.of(), T.minus(Duration.ofHours(25)), raised)).isEmpty();
        List<String> dayAhead = keys(u, List.of(), T.minus(Duration.ofHours(24)), raised);
        assertThat(dayAhead).containsExactly("devnet/v1.2.0@5000/before-PT24H");
        raised.addAll(dayAhead);
        assertThat(keys(u, List.of(), T.minus(Duration.ofHours(7)), raised)).isEmpty();
        List<String> sixAhead = keys(u, List.of(), T.minus(Duration.ofHours(6)), raised);
        assertThat(sixAhead).containsExactly("devnet/v1.2.0@5000/before-PT6H");
        raised.addAll(sixAhead);
        assertThat(keys(u, List.of(), T.minus(H), raised)).isEmpty();
    }

    @Test
    void anUpgradeApprovedLateGetsOnlyTheNearestLeadAlreadyDue() {
        List<UpgradeFacts> u = List.of(upgrade(100, 30, Optional.empty()));
        List<String> late = keys(u, List.of(), T.minus(Duration.ofHours(5)), Set.of());
        assertThat(late).containsExactly("devnet/v1.2.0@5000/approved", "devnet/v1.2.0@5000/before-PT6H");
        assertThat(keys(u, List.of(), T.minus(Duration.ofHours(4)), new HashSet<>(late))).as("the day-ahead one never follows").isEmpty();
        assertThat(keys(u, List.of(), T.minus(Duration.ofHours(12)), Set.of("devnet/v1.2.0@5000/approved")))
                .containsExactly("devnet/v1.2.0@5000/before-PT24H");
    }

    @Test
    void aRestartThatReadTheRaisedKeysBackRaisesNothingAgain() {
        List<UpgradeFacts> u = List.of(upgrade(100, 0, Optional.empty()));
        List<NodeFacts> nodes = List.of(new NodeFacts("devnet", "validator-2", "FAILED", "v1.2.0@5000", "checksum mismatch"));
        Instant now = T.minus(Duration.ofHours(2));
        Set<String> raisedBeforeTheRestart = new HashSet<>(keys(u, nodes, now, Set.of()));
        assertThat(raisedBeforeTheRestart).containsExactlyInAnyOrder("devnet/v1.2.0@5000/approved", "devnet/v1.2.0@5000/before-PT6H",
                "devnet/v1.2.0@5000/readiness-short", "devnet/v1.2.0@5000/validator-2/failed");
        assertThat(keys(u, nodes, now.plus(H), raisedBeforeTheRestart)).isEmpty();
    }

    @Test
    void readinessShortAlertsWithinItsLeadWhileReadyPowerIsBelowTheThreshold() {
        Set<String> raised = Set.of("devnet/v1.2.0@5000/approved", "devnet/v1.2.0@5000/before-PT24H", "devnet/v1.2.0@5000/before-PT6H");
        assertThat(keys(List.of(upgrade(100, 20, Optional.empty())), List.of(), T.minus(Duration.ofHours(7)), raised)).isEmpty();
        assertThat(keys(List.of(upgrade(100, 27, Optional.empty())), List.of(), T.minus(H), raised)).as("ready enough").isEmpty();
        Alert shortAlert = rules.due(List.of(upgrade(100, 20, Optional.empty())), List.of(), T.minus(H), raised).get(0);
        assertThat(shortAlert.key()).isEqualTo("devnet/v1.2.0@5000/readiness-short");
        assertThat(shortAlert.text()).contains("only 20 voting power", "27 is needed");
    }

    @Test
    void withoutAnEstimateOnlyTheApprovalAlerts() {
        UpgradeFacts unknown = new UpgradeFacts("devnet", "v1.2.0@5000", "v1.2.0", 5000, false, Optional.empty(), 0, 27, 0, Optional.empty());
        assertThat(keys(List.of(unknown), List.of(), T, Set.of())).containsExactly("devnet/v1.2.0@5000/approved");
    }

    @Test
    void aFailedNodeAlertsOncePerUpgradeHoweverOftenItFails() {
        NodeFacts failed = new NodeFacts("devnet", "validator-3", "FAILED", "v1.2.0@5000", "binary not found");
        NodeFacts running = new NodeFacts("devnet", "validator-4", "RUNNING", "", "");
        Alert alert = rules.due(List.of(), List.of(failed, running), T, Set.of()).get(0);
        assertThat(alert.key()).isEqualTo("devnet/v1.2.0@5000/validator-3/failed");
        assertThat(alert.text()).contains("validator-3", "binary not found");
        assertThat(keys(List.of(), List.of(failed, running), T.plus(H), Set.of(alert.key()))).isEmpty();
        assertThat(keys(List.of(), List.of(new NodeFacts("devnet", "validator-3", "FAILED", "v1.3.0@6000", "x")), T, Set.of(alert.key())))
                .containsExactly("devnet/v1.3.0@6000/validator-3/failed");
    }

    @Test
    void theChainNotPastTheHeightForStallAfterAlertsStalled() {
        Set<String> raised = Set.of("devnet/v1.2.0@5000/approved");
        Instant reached = T.plusSeconds(30);
        assertThat(keys(List.of(upgrade(5000, 40, Optional.of(reached))), List.of(), reached.plus(Duration.ofMinutes(9)), raised)).isEmpty();
        assertThat(keys(List.of(upgrade(5000, 40, Optional.of(reached))), List.of(), reached.plus(Duration.ofMinutes(10)), raised))
                .containsExactly("devnet/v1.2.0@5000/stalled");
        assertThat(keys(List.of(upgrade(5001, 40, Optional.of(reached))), List.of(), reached.plus(Duration.ofMinutes(10)), raised))
                .as("the chain moved on").isEmpty();
    }

    @Test
    void anUpgradeTheNetworkReachedRaisesNoApprovalOrReminder() {
        assertThat(keys(List.of(upgrade(5000, 0, Optional.of(T))), List.of(), T.plusSeconds(1), Set.of())).isEmpty();
    }

    @Test
    void durationsReadAsWords() {
        assertThat(AlertRules.words(Duration.ofMinutes(23 * 60 + 59))).isEqualTo("23 h 59 min");
        assertThat(AlertRules.words(Duration.ofHours(6))).isEqualTo("6 h");
        assertThat(AlertRules.words(Duration.ofSeconds(20))).isEqualTo("less than a minute");
    }
}
