package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.AcceptedTransaction;

/** A snapshot restores a state that goes on exactly as the original: same events, same state, wherever it was taken. */
class SnapshotCodecTest {

    private static final Duration MAX_REPORT_AGE = Duration.ofSeconds(60);

    private final TestNetwork network = new TestNetwork(10, 10, 10, 10);

    private record Input(JournalSource source, String value, long timestamp) {
    }

    @Test
    void applyingTheRestAfterARestoredSnapshotGivesWhatApplyingAllGives() throws Exception {
        List<Input> inputs = inputs();
        AppliedInputs uninterrupted = new AppliedInputs(MAX_REPORT_AGE);
        List<String> expected = new ArrayList<>();
        inputs.forEach(i -> expected.addAll(describe(uninterrupted, uninterrupted.apply(i.source(), i.value(), i.timestamp()))));
        assertThat(uninterrupted.aggregation().orElseThrow().tally().recoveries()).as("the inputs recover upgrades").isNotEmpty();

        for (int split = 0; split <= inputs.size(); split += 3) {
            AppliedInputs before = new AppliedInputs(MAX_REPORT_AGE);
            List<String> events = new ArrayList<>();
            for (Input i : inputs.subList(0, split)) {
                events.addAll(describe(before, before.apply(i.source(), i.value(), i.timestamp())));
            }
            SnapshotCodec.Restored restored = SnapshotCodec.read(SnapshotCodec.write(before, "journal", split), MAX_REPORT_AGE, true);
            assertThat(restored.nextJournalOffset()).isEqualTo(split);
            assertThat(restored.journalTopic()).isEqualTo("journal");
            AppliedInputs after = restored.state();
            for (Input i : inputs.subList(split, inputs.size())) {
                events.addAll(describe(after, after.apply(i.source(), i.value(), i.timestamp())));
            }
            assertThat(events).as("events with a snapshot after %d inputs", split).isEqualTo(expected);
            assertThat(proposals(after)).as("proposals with a snapshot after %d inputs", split).isEqualTo(proposals(uninterrupted));
            assertThat(SnapshotCodec.write(after, "journal", 0)).as("state with a snapshot after %d inputs", split)
                    .isEqualTo(SnapshotCodec.write(uninterrupted, "journal", 0));
        }
    }

    @Test
    void aStateBeforeAnyNetworkRoundTrips() throws Exception {
        AppliedInputs empty = new AppliedInputs(MAX_REPORT_AGE);
        AppliedInputs restored = SnapshotCodec.read(SnapshotCodec.write(empty, "journal", 7), MAX_REPORT_AGE, true).state();
        assertThat(restored.aggregation()).isEmpty();
        assertThat(restored.networkText()).isEmpty();
        assertThat(restored.apply(JournalSource.NETWORK, network.toml(), 1_000).events()).isEmpty();
        assertThat(restored.aggregation()).isPresent();
    }

    /** Votes that approve, reject, cancel and recover; a duplicate; agents' heights that expire and enact proposals; a new network.toml. */
    private List<Input> inputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(JournalSource.NETWORK, network.toml(), 1_000));
        List<AcceptedTransaction> votes = PackagedAggregator.script(network, 12);
        for (int i = 0; i < votes.size(); i++) {
            inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(votes.get(i)), 2_000 + i));
            if (i % 7 == 0) {
                inputs.add(new Input(JournalSource.ROLLOUT_STATUS, EventJson.write(network.heightReport(1 + i % 4, 990 + i / 7)), 2_000 + i));
            }
        }
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(votes.get(votes.size() - 1)), 3_000));
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(network.approve(4, "v3.0.0", 3_000)), 3_000));
        inputs.add(new Input(JournalSource.NODE_HEIGHT, "995", 3_000));
        inputs.add(new Input(JournalSource.NODE_HEIGHT, "996", 3_000));
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(network.approve(4, "v3.1.0", 3_000)), 3_000));
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(network.approve(1, "v2.0.0", 2_000)), 3_001));
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(network.approve(2, "v2.0.0", 2_000)), 3_002));
        inputs.add(new Input(JournalSource.NETWORK, new TestNetwork(10, 10, 10, 1).toml(), 3_003));
        inputs.add(new Input(JournalSource.TRANSACTION, EventJson.write(network.approve(3, "v2.0.0", 2_000)), 3_004));
        for (int v = 1; v <= 4; v++) {
            inputs.add(new Input(JournalSource.ROLLOUT_STATUS, EventJson.write(network.heightReport(v, 1_005)), 4_000 + v));
        }
        return inputs;
    }

    private static List<String> proposals(AppliedInputs state) {
        return state.aggregation().orElseThrow().tally().proposals().stream()
                .map(p -> EventJson.write(EventMessages.proposal(TestNetwork.CHAIN, p))).toList();
    }

    private static List<String> describe(AppliedInputs state, AppliedInputs.Outcome outcome) {
        String chain = TestNetwork.CHAIN;
        List<String> lines = new ArrayList<>();
        for (TallyEvent event : outcome.events()) {
            if (event instanceof TallyEvent.ProposalChanged changed) {
                lines.add(EventJson.write(EventMessages.proposal(chain, changed.proposal())));
            } else if (event instanceof TallyEvent.ApprovalIssued issued) {
                lines.add(EventJson.write(EventMessages.approval(chain, issued.approval())));
            } else if (event instanceof TallyEvent.ApprovalCancelled cancelled) {
                lines.add(EventJson.write(EventMessages.approval(chain, cancelled.approval())));
            } else if (event instanceof TallyEvent.RecoveryChanged changed) {
                lines.add(EventJson.write(EventMessages.recovery(chain, changed.recovery())));
            } else if (event instanceof TallyEvent.RecoveryApproved approved) {
                lines.add(EventJson.write(EventMessages.recoveryApproval(chain, approved.recovery(), approved.approval())));
            } else {
                lines.add(event.toString());
            }
        }
        outcome.report().ifPresent(r -> lines.add("report " + r.getNode()));
        lines.add("height " + state.aggregation().map(a -> a.tally().networkHeight()).orElse(-1L));
        return lines;
    }
}
