package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Rollout.Policy POLICY = new Rollout.Policy(2, false);
    private static final Target V11 = new Target("v1.1.0@100", "v1.1.0", 100, List.of());
    private static final Target V12 = new Target("v1.2.0@200", "v1.2.0", 200, List.of());

    private RolloutState s = RolloutState.initial("genesis", T0).seen(10);
    private Timeline timeline;

    /** Applies {@code e} at T0 + {@code second} s, as the agent does: the state machine, then the timeline. */
    private Timeline on(Event e, int second) {
        Instant now = T0.plusSeconds(second);
        RolloutState next = Rollout.next(s, e, now, POLICY);
        timeline = Timeline.after(timeline, s, e, next, now);
        s = next;
        return timeline;
    }

    private Timeline upgradeV11() {
        on(new Event.TargetAnnounced(V11), 1);
        on(new Event.StagingStarted(), 2);
        on(new Event.Staged(V11.proposalId(), "v1.1.0"), 3);
        on(new Event.HeightReached(99), 10);
        on(new Event.Halted(100), 11);
        on(new Event.Switched(), 12);
        timeline = timeline.started(T0.plusSeconds(13));
        return on(new Event.StartedPastHeight(101, 4000), 15);
    }

    @Test
    void recordsEachStepOfAnUpgradeAtTheMomentItHappened() {
        assertThat(upgradeV11()).isEqualTo(new Timeline("v1.1.0@100", T0.plusSeconds(3), T0.plusSeconds(3), T0.plusSeconds(11),
                T0.plusSeconds(12), T0.plusSeconds(13), T0.plusSeconds(15)));
    }

    @Test
    void keepsTheLastTimelineAfterTheUpgradeUntilTheNextTarget() {
        upgradeV11();
        on(new Event.HeightReached(150), 20);
        assertThat(timeline.upgradeId()).isEqualTo("v1.1.0@100");
        assertThat(timeline.firstBlockAt()).isEqualTo(T0.plusSeconds(15));
        assertThat(on(new Event.TargetAnnounced(V12), 30)).isEqualTo(Timeline.of("v1.2.0@200"));
    }

    @Test
    void aStagingThatFailedLeavesTheNodeUnverified() {
        on(new Event.TargetAnnounced(V11), 1);
        on(new Event.StagingStarted(), 2);
        on(new Event.StagingFailed(V11.proposalId(), "no such release"), 3);
        assertThat(timeline).isEqualTo(Timeline.of("v1.1.0@100"));
    }

    @Test
    void aReplacedTargetStartsAFreshTimeline() {
        on(new Event.TargetAnnounced(V12), 1);
        on(new Event.StagingStarted(), 2);
        on(new Event.Staged(V12.proposalId(), "v1.2.0"), 3);
        assertThat(timeline.verifiedAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(on(new Event.TargetAnnounced(V11), 4)).isEqualTo(Timeline.of("v1.1.0@100"));
    }

    @Test
    void noTimelineBeforeTheFirstTarget() {
        assertThat(on(new Event.HeightReached(20), 1)).isNull();
    }
}
