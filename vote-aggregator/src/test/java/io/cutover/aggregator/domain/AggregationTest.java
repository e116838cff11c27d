package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.tally.ProposalStatus;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.AcceptedTransaction;

class AggregationTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final TestNetwork network = new TestNetwork(10, 10, 10, 10);

    private Aggregation aggregation(boolean heightFromAgents) {
        return new Aggregation(NetworkConfigParser.parse(network.toml(), "network.toml").orThrow(), Duration.ofSeconds(60), heightFromAgents);
    }

    @Test
    void aTransactionDeliveredAgainIsCountedOnceAndCannotMoveAVoteBack() {
        Aggregation aggregation = aggregation(true);
        AcceptedTransaction first = network.approve(1, "v1.1.0", 200);
        AcceptedTransaction moved = network.approve(1, "v1.2.0", 300);
        aggregation.onTransaction(first);
        aggregation.onTransaction(moved);

        // the first vote again: a client retry on the other proposal-service instance, or a producer re-send
        List<TallyEvent> again = aggregation.onTransaction(first);

        assertThat(again).singleElement().isInstanceOfSatisfying(TallyEvent.InputIgnored.class,
                ignored -> assertThat(ignored.reason()).contains(first.getTxHash()).contains("already counted"));
        assertThat(aggregation.tally().proposal("v1.2.0@300").orElseThrow().approvers()).containsExactly(network.key(1));
        assertThat(aggregation.tally().proposal("v1.1.0@200").orElseThrow().approvers()).isEmpty();
    }

    @Test
    void theSameVoteThreeTimesApprovesOnceWithOneCertificateEntry() {
        Aggregation aggregation = aggregation(true);
        AcceptedTransaction one = network.approve(1, "v1.1.0", 200);
        AcceptedTransaction two = network.approve(2, "v1.1.0", 200);
        AcceptedTransaction three = network.approve(3, "v1.1.0", 200);
        long approvals = 0;
        for (AcceptedTransaction tx : List.of(one, one, two, one, three, three, two)) {
            approvals += aggregation.onTransaction(tx).stream().filter(TallyEvent.ApprovalIssued.class::isInstance).count();
        }
        assertThat(approvals).isEqualTo(1);
        assertThat(aggregation.tally().proposal("v1.1.0@200").orElseThrow().approvers()).hasSize(3);
        assertThat(aggregation.rememberedTransactions()).isEqualTo(3);
    }

    @Test
    void rememberedHashesAreForgottenOnceTheNetworkIsTwoReplayWindowsPast() {
        Aggregation aggregation = aggregation(true);
        aggregation.onTransaction(network.approve(1, "v1.1.0", 2000)); // signed at block height 10
        aggregation.onHeight(10 + 2 * 150, T);
        assertThat(aggregation.rememberedTransactions()).isEqualTo(1);
        aggregation.onHeight(11 + 2 * 150, T);
        assertThat(aggregation.rememberedTransactions()).isZero();
    }

    @Test
    void withTheHeightFromANodeAgentsReportsDoNotMoveItAndObservationsExpireProposals() {
        Aggregation aggregation = aggregation(false);
        aggregation.onTransaction(network.approve(1, "v1.1.0", 200));
        for (int v = 1; v <= 4; v++) {
            aggregation.onRolloutStatus(network.heightReport(v, 500));
        }
        assertThat(aggregation.tally().networkHeight()).isZero();
        assertThat(aggregation.tally().proposal("v1.1.0@200").orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);

        aggregation.onHeight(200, T);

        assertThat(aggregation.tally().networkHeight()).isEqualTo(200);
        assertThat(aggregation.tally().proposal("v1.1.0@200").orElseThrow().status()).isEqualTo(ProposalStatus.REJECTED);
    }

    @Test
    void withTheHeightFromAgentsTheirReportsMoveIt() {
        Aggregation aggregation = aggregation(true);
        for (int v = 1; v <= 4; v++) {
            aggregation.onRolloutStatus(network.heightReport(v, 500));
        }
        assertThat(aggregation.tally().networkHeight()).isEqualTo(500);
    }
}
