package io.cutover.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Rollout;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.domain.Target;
import io.cutover.proto.v1.RolloutTimeline;
import io.cutover.testing.TestFiles;

class StateTimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Target V11 = new Target("v1.1.0@100", "v1.1.0", 100, List.of());

    @Test
    void aRestartedAgentReportsTheTimelineItRecordedBefore() {
        Path file = TestFiles.directory("timeline-").resolve("state.json");
        StateStore store = new StateStore(file);
        RolloutState s = RolloutState.initial("genesis", T0);
        store.save(s);
        StateTimeline timeline = new StateTimeline(store);
        RolloutState scheduled = Rollout.next(s, new Event.TargetAnnounced(V11), T0, new Rollout.Policy(0, false));
        timeline.observe(s, new Event.TargetAnnounced(V11), scheduled, T0);
        store.save(scheduled);
        timeline.started(V11.proposalId(), T0.plusSeconds(5));

        StateStore reopened = new StateStore(file);
        reopened.load();
        assertThat(new StateTimeline(reopened).report()).contains(RolloutTimeline.newBuilder().setUpgradeId("v1.1.0@100")
                .setStartedAt(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + 5)).build());
    }
}
