package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Rollout.Policy POLICY = new Rollout.Policy(0, false);
    private static final Target V11 = new Target("v1.1.0@100", "v1.1.0", 100, List.of());
    private static final RecoveryPlan FIX = new RecoveryPlan("v1.1.0@100/hot-fix/v1.1.1", "v1.1.0@100", RecoveryPlan.Action.HOT_FIX, 100,
            new Target("v1.1.0@100/hot-fix/v1.1.1", "v1.1.1", 100, List.of()), "v1.1.0");

    private RolloutState s = RolloutState.initial("genesis", NOW).seen(10);

    private RolloutState on(Event e) {
        s = Rollout.next(s, e, NOW, POLICY);
        return s;
    }

    /** The upgrade to v1.1.0 at 100: halted, switched, the new release failed to start, the node stopped. */
    private void failedAtTheHeight() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.Staged(V11.proposalId(), "v1.1.0"));
        on(new Event.HeightReached(99));
        on(new Event.Halted(100));
        on(new Event.Switched());
        on(new Event.StartFailed("node exited with code 2", false));
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
    }

    @Test
    void anApprovedHotFixIsAppliedToTheFailedUpgradeAndEndsRunningPastTheHeight() {
        failedAtTheHeight();
        assertThat(on(new Event.RecoveryApproved(FIX)).phase()).isEqualTo(Phase.RECOVERING);
        assertThat(on(new Event.StartFailed("the failing release's last watch", false)).phase())
                .as("not the recovery's start: it has not switched yet").isEqualTo(Phase.RECOVERING);
        on(new Event.RecoverySwitched("v1.1.1"));
        assertThat(s.runningRelease()).isEqualTo("v1.1.1");
        RolloutState done = on(new Event.StartedPastHeight(101, 900));
        assertThat(done.phase()).isEqualTo(Phase.RUNNING);
        assertThat(done.target()).isNull();
        assertThat(done.lastCompleted()).isEqualTo("v1.1.0@100");
        assertThat(on(new Event.TargetAnnounced(V11)).phase()).as("the failed approval is never acted on again").isEqualTo(Phase.RUNNING);
    }

    @Test
    void aRecoveryThatFailsLeavesTheNodeStoppedWithTheReason() {
        failedAtTheHeight();
        on(new Event.RecoveryApproved(FIX));
        RolloutState failed = on(new Event.RecoveryFailed("checkpoint h100-v1.0.0 cannot be read"));
        assertThat(failed.phase()).isEqualTo(Phase.FAILED);
        assertThat(failed.lastError()).isEqualTo("recovery failed, the node is stopped: checkpoint h100-v1.0.0 cannot be read");
    }

    @Test
    void aRecoveryIsRefusedForAnotherUpgradeBeforeTheHeightAndOnceTheChainIsPast() {
        assertThat(Recovery.refusal(s, FIX)).contains("this node is not working on upgrade v1.1.0@100");
        on(new Event.TargetAnnounced(V11));
        assertThat(Recovery.refusal(s, FIX)).hasValueSatisfying(r -> assertThat(r).startsWith("not yet reached"));
        assertThat(on(new Event.RecoveryApproved(FIX)).phase()).isEqualTo(Phase.SCHEDULED);
        on(new Event.StagingStarted());
        on(new Event.Staged(V11.proposalId(), "v1.1.0"));
        on(new Event.HeightReached(99));
        on(new Event.Halted(100));
        on(new Event.Switched());
        assertThat(Recovery.refusal(s, FIX)).isEmpty();
        on(new Event.HeightReached(101));
        assertThat(Recovery.refusal(s, FIX)).contains("the chain is past height 100 (at 101)");
    }
}
