package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Rollout.Policy POLICY = new Rollout.Policy(2, false);
    private static final Rollout.Policy ROLLBACK = new Rollout.Policy(2, true);
    private static final Target V11 = new Target("v1.1.0@100", "v1.1.0", 100, List.of());
    private static final Target V12_EARLIER = new Target("v1.2.0@80", "v1.2.0", 80, List.of());

    private RolloutState s = RolloutState.initial("genesis", NOW).seen(10);

    private RolloutState on(Event e) {
        return on(e, POLICY);
    }

    private RolloutState on(Event e, Rollout.Policy policy) {
        s = Rollout.next(s, e, NOW, policy);
        return s;
    }

    @Test
    void walksTheHappyPathToTheNewRelease() {
        assertThat(on(new Event.TargetAnnounced(V11)).phase()).isEqualTo(Phase.SCHEDULED);
        assertThat(on(new Event.StagingStarted()).phase()).isEqualTo(Phase.STAGING);
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0")).phase()).isEqualTo(Phase.READY);
        assertThat(s.ready()).isTrue();
        assertThat(on(new Event.HeightReached(98)).phase()).isEqualTo(Phase.READY);
        assertThat(on(new Event.HeightReached(99)).phase()).isEqualTo(Phase.HALTING);
        assertThat(on(new Event.Halted(100)).phase()).isEqualTo(Phase.SWITCHING);
        assertThat(on(new Event.Switched()).phase()).isEqualTo(Phase.STARTING);
        assertThat(s.runningRelease()).isEqualTo("v1.1.0");
        assertThat(s.previousRelease()).isEqualTo("genesis");
        assertThat(on(new Event.StartedPastHeight(101, 42)).phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.target()).isNull();
        assertThat(s.lastCompleted()).isEqualTo(V11.proposalId());
        assertThat(s.switchoverMillis()).isEqualTo(42);
        assertThat(s.haltedAtHeight()).isEqualTo(100);
    }

    @Test
    void stagesEvenWhenTheNodeCrashedForGoodBeforeStagingBegan() {
        on(new Event.TargetAnnounced(V11));
        assertThat(on(new Event.NodeCrashed("node exited with code 2", false)).phase()).isEqualTo(Phase.FAILED);
        assertThat(on(new Event.StagingStarted()).phase()).isEqualTo(Phase.STAGING);
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0")).phase()).isEqualTo(Phase.READY);
    }

    @Test
    void movesToTheReleaseInForceOnlyWithNoUpgradeUnderWay() {
        assertThat(on(new Event.ReleaseInForce("v1.1.0")).runningRelease()).isEqualTo("v1.1.0");
        assertThat(s.previousRelease()).isEqualTo("genesis");
        on(new Event.TargetAnnounced(V12_EARLIER));
        assertThat(on(new Event.ReleaseInForce("genesis")).runningRelease()).isEqualTo("v1.1.0");
    }

    @Test
    void ignoresAnApprovalWhoseHeightHasPassedOrThatWasDone() {
        s = s.seen(100);
        assertThat(on(new Event.TargetAnnounced(V11)).phase()).isEqualTo(Phase.RUNNING);
        s = RolloutState.initial("v1.1.0", NOW);
        s = new RolloutState(Phase.RUNNING, NOW, "v1.1.0", "genesis", null, false, null, 0, 0, "", 100, 5, V11.proposalId(), 0);
        assertThat(on(new Event.TargetAnnounced(V11)).phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void anApprovalForAnEarlierHeightReplacesThePendingOneAndALaterOneDoesNot() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.Staged(V11.proposalId(), "v1.1.0"));
        on(new Event.TargetAnnounced(new Target("v1.3.0@200", "v1.3.0", 200, List.of())));
        assertThat(s.target()).isEqualTo(V11);
        on(new Event.TargetAnnounced(V12_EARLIER));
        assertThat(s.target()).isEqualTo(V12_EARLIER);
        assertThat(s.phase()).isEqualTo(Phase.SCHEDULED);
        assertThat(s.ready()).isFalse();
        on(new Event.StagingStarted());
        on(new Event.Staged(V11.proposalId(), "v1.1.0"));
        assertThat(s.ready()).as("a late result for the replaced target is ignored").isFalse();
    }

    @Test
    void aCancelledApprovalDropsThePendingUpgrade() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.TargetWithdrawn("other@5", 5));
        assertThat(s.phase()).isEqualTo(Phase.SCHEDULED);
        on(new Event.TargetWithdrawn(V11.proposalId(), 100));
        assertThat(s.phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.target()).isNull();
    }

    @Test
    void aRefusedApprovalIsOnlyReported() {
        on(new Event.TargetRefused("v6.6.6@100", "SIGNATURE_INVALID: forged"));
        assertThat(s.phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.target()).isNull();
        assertThat(s.lastError()).contains("v6.6.6@100").contains("SIGNATURE_INVALID");
    }

    @Test
    void aReleaseThatCannotBeStagedFailsLoudlyButTheNodeIsStillHaltedAtTheHeight() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.StagingFailed(V11.proposalId(), "CHECKSUM_MISMATCH: bad"));
        assertThat(s.phase()).isEqualTo(Phase.FAILED);
        assertThat(s.lastError()).contains("CHECKSUM_MISMATCH");
        assertThat(on(new Event.HeightReached(99)).phase()).isEqualTo(Phase.HALTING);
        assertThat(on(new Event.Halted(100)).phase()).isEqualTo(Phase.FAILED);
        assertThat(s.lastError()).contains("halted at height 100").contains("STOPPED").contains("CHECKSUM_MISMATCH");
        assertThat(on(new Event.Resumed()).phase()).as("an operator fixed it and restarted the agent").isEqualTo(Phase.STAGING);
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0")).phase()).isEqualTo(Phase.SWITCHING);
    }

    @Test
    void aNodeHaltedWhileASourceStillRetriesStagingWaitsAtTheHeightWithTheFailedTryReported() {
        Rollout.Policy retried = new Rollout.Policy(2, false, true);
        on(new Event.TargetAnnounced(V11), retried);
        on(new Event.StagingStarted(), retried);
        on(new Event.TargetRefused(V11.proposalId(), "staging try 1 failed: no asset yet; trying again in 1 s"), retried);
        on(new Event.HeightReached(99), retried);
        assertThat(on(new Event.Halted(100), retried).phase()).isEqualTo(Phase.HALTING);
        assertThat(s.lastError()).contains("staging try 1 failed");
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0"), retried).phase()).isEqualTo(Phase.SWITCHING);
    }

    @Test
    void aNodeHaltedWhileStagingStillRunsWaitsForTheResult() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.HeightReached(99));
        assertThat(on(new Event.Halted(100)).phase()).isEqualTo(Phase.HALTING);
        assertThat(s.haltedAtHeight()).isEqualTo(100);
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0")).phase()).isEqualTo(Phase.SWITCHING);
    }

    @Test
    void aNodeHaltedWhileStagingStillRunsFailsWhenStagingFails() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.HeightReached(99));
        on(new Event.Halted(100));
        assertThat(on(new Event.StagingFailed(V11.proposalId(), "WRONG_VERSION: v1.0.9")).phase()).isEqualTo(Phase.FAILED);
        assertThat(s.lastError()).contains("halted at height 100").contains("STOPPED").contains("WRONG_VERSION");
    }

    @Test
    void aFailedSwitchLeavesTheNodeStoppedAndIsTriedAgainAtTheNextAgentStart() {
        on(new Event.TargetAnnounced(V11));
        on(new Event.StagingStarted());
        on(new Event.Staged(V11.proposalId(), "v1.1.0"));
        on(new Event.HeightReached(99));
        on(new Event.Halted(100));
        assertThat(on(new Event.SwitchFailed("pre-upgrade hook exited with 30")).phase()).isEqualTo(Phase.FAILED);
        assertThat(s.lastError()).contains("stopped at height 100").contains("pre-upgrade hook exited with 30");
        assertThat(s.runningRelease()).isEqualTo("genesis");
        assertThat(on(new Event.Resumed()).phase()).isEqualTo(Phase.STAGING);
        assertThat(on(new Event.Staged(V11.proposalId(), "v1.1.0")).phase()).isEqualTo(Phase.SWITCHING);
        assertThat(on(new Event.Switched()).phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void aTargetAnnouncedByTheChainKeepsItsOriginThroughThePhases() {
        Target chain = new Target("v1.1.0@100", "v1.1.0", 100, List.of(), Target.Origin.CHAIN);
        on(new Event.TargetAnnounced(chain));
        on(new Event.StagingStarted());
        assertThat(on(new Event.Staged(chain.proposalId(), "v1.1.0", "checksum not verified")).target().origin())
                .isEqualTo(Target.Origin.CHAIN);
        assertThat(s.phase()).isEqualTo(Phase.READY);
        assertThat(s.lastError()).as("said plainly while READY").isEqualTo("checksum not verified");
        assertThat(on(new Event.TargetWithdrawn(chain.proposalId(), 100)).phase()).isEqualTo(Phase.RUNNING);
        assertThat(V11.origin()).as("approvals are the default origin").isEqualTo(Target.Origin.APPROVAL);
    }

    @Test
    void aNewReleaseThatKeepsFailingIsRetriedThenFails() {
        toStarting(POLICY);
        assertThat(on(new Event.StartFailed("exit 1", false)).phase()).isEqualTo(Phase.RETRYING);
        assertThat(on(new Event.RetryDue()).phase()).isEqualTo(Phase.STARTING);
        assertThat(on(new Event.StartFailed("exit 1", false)).phase()).isEqualTo(Phase.RETRYING);
        on(new Event.RetryDue());
        assertThat(on(new Event.StartFailed("exit 1", false)).phase()).isEqualTo(Phase.FAILED);
        assertThat(s.restarts()).isEqualTo(2);
        assertThat(s.lastError()).contains("attempt 3").contains("the node is stopped");
    }

    @Test
    void rollsBackWhenEnabledAndTheNewReleaseProducedNoBlock() {
        toStarting(ROLLBACK);
        on(new Event.StartFailed("exit 1", false), ROLLBACK);
        on(new Event.RetryDue(), ROLLBACK);
        on(new Event.StartFailed("exit 1", false), ROLLBACK);
        on(new Event.RetryDue(), ROLLBACK);
        assertThat(on(new Event.StartFailed("exit 1", false), ROLLBACK).phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(s.runningRelease()).isEqualTo("genesis");
        assertThat(s.target()).isNull();
        assertThat(s.lastError()).contains("rolled back to genesis");
    }

    @Test
    void neverRollsBackOnceTheNewReleaseProducedBlocks() {
        toStarting(new Rollout.Policy(0, true));
        assertThat(on(new Event.StartFailed("exit 1", true), new Rollout.Policy(0, true)).phase()).isEqualTo(Phase.FAILED);
        assertThat(s.lastError()).contains("rollback is unsafe");
    }

    @Test
    void aCrashedNodeIsCountedAndFailsWhenTheBudgetIsSpent() {
        assertThat(on(new Event.NodeCrashed("exit 137", true)).phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.restarts()).isEqualTo(1);
        assertThat(on(new Event.NodeCrashed("exit 137", false)).phase()).isEqualTo(Phase.FAILED);
        assertThat(on(new Event.Resumed()).phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void resumesAFailedStartAfterTheSwitch() {
        toStarting(new Rollout.Policy(0, false));
        on(new Event.StartFailed("exit 1", false), new Rollout.Policy(0, false));
        assertThat(on(new Event.Resumed()).phase()).isEqualTo(Phase.STARTING);
    }

    @Test
    void randomEventSequencesKeepTheStateConsistent() {
        java.util.Random random = new java.util.Random(11);
        List<Event> pool = List.of(new Event.TargetAnnounced(V11), new Event.TargetAnnounced(V12_EARLIER),
                new Event.TargetWithdrawn(V11.proposalId(), 100), new Event.StagingStarted(),
                new Event.Staged(V11.proposalId(), "v1.1.0"), new Event.Staged(V12_EARLIER.proposalId(), "v1.2.0"),
                new Event.StagingFailed(V11.proposalId(), "x"), new Event.HeightReached(79), new Event.HeightReached(99),
                new Event.Halted(100), new Event.Halted(80), new Event.Switched(), new Event.StartedPastHeight(101, 1),
                new Event.StartFailed("x", false), new Event.RetryDue(), new Event.SwitchFailed("x"), new Event.NodeCrashed("x", true), new Event.Resumed());
        for (int run = 0; run < 500; run++) {
            s = RolloutState.initial("genesis", NOW);
            List<Event> history = new java.util.ArrayList<>();
            for (int step = 0; step < 40; step++) {
                Event event = pool.get(random.nextInt(pool.size()));
                history.add(event);
                on(event, ROLLBACK);
                assertThat(s.phase()).isNotNull();
                if (s.phase() == Phase.SCHEDULED || s.phase() == Phase.STAGING || s.phase() == Phase.READY
                        || s.phase() == Phase.HALTING || s.phase() == Phase.SWITCHING || s.phase() == Phase.STARTING
                        || s.phase() == Phase.RETRYING) {
                    assertThat(s.target()).as("phase %s needs a target", s.phase()).isNotNull();
                }
                if (s.phase() == Phase.READY || s.phase() == Phase.SWITCHING) {
                    assertThat(s.ready()).as("%s after %s", s, history).isTrue();
                }
            }
        }
    }

    private void toStarting(Rollout.Policy policy) {
        on(new Event.TargetAnnounced(V11), policy);
        on(new Event.StagingStarted(), policy);
        on(new Event.Staged(V11.proposalId(), "v1.1.0"), policy);
        on(new Event.HeightReached(99), policy);
        on(new Event.Halted(100), policy);
        on(new Event.Switched(), policy);
        assertThat(s.phase()).isEqualTo(Phase.STARTING);
    }
}
