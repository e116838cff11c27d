package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.tally.ProposalStatus;

/** Journaled node heights (cutover.height.source=status-url) rebuild the same state as when they were applied live. */
class AppliedInputsTest {

    private final TestNetwork network = new TestNetwork(10, 10, 10, 10);

    private record Entry(JournalSource source, String value, long timestamp) {
    }

    @Test
    void aJournaledNodeHeightExpiresAProposalAndARebuildGivesTheSameResult() {
        List<Entry> journal = List.of(
                new Entry(JournalSource.NETWORK, network.toml(), 1_000),
                new Entry(JournalSource.TRANSACTION, EventJson.write(network.approve(1, "v1.1.0", 200)), 2_000),
                new Entry(JournalSource.NODE_HEIGHT, "150", 3_000),
                new Entry(JournalSource.TRANSACTION, EventJson.write(network.approve(2, "v1.1.0", 200)), 4_000),
                new Entry(JournalSource.NODE_HEIGHT, "200", 5_000));

        AppliedInputs live = new AppliedInputs(Duration.ofSeconds(60), false);
        long liveEvents = journal.stream().mapToLong(e -> live.apply(e.source(), e.value(), e.timestamp()).events().size()).sum();
        AppliedInputs rebuilt = new AppliedInputs(Duration.ofSeconds(60), false);
        long rebuiltEvents = journal.stream().mapToLong(e -> rebuilt.apply(e.source(), e.value(), e.timestamp()).events().size()).sum();

        var proposal = live.aggregation().orElseThrow().tally().proposal("v1.1.0@200").orElseThrow();
        assertThat(proposal.status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(proposal.approvers()).hasSize(2);
        assertThat(rebuilt.aggregation().orElseThrow().tally().proposals()).isEqualTo(live.aggregation().orElseThrow().tally().proposals());
        assertThat(rebuiltEvents).isEqualTo(liveEvents);
    }

    @Test
    void aJournaledHeightThatIsNotANumberIsSkipped() {
        AppliedInputs state = new AppliedInputs(Duration.ofSeconds(60), false);
        state.apply(JournalSource.NETWORK, network.toml(), 1_000);
        assertThat(state.apply(JournalSource.NODE_HEIGHT, "tall", 2_000).events()).isEmpty();
        assertThat(state.aggregation().orElseThrow().tally().networkHeight()).isZero();
    }
}
