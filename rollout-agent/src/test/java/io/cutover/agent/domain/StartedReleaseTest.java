package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cutover.agent.domain.StartedRelease.Kind;
import io.cutover.agent.domain.StartedRelease.NodeStatus;
import io.cutover.agent.domain.StartedRelease.Observation;
import io.cutover.agent.domain.StartedRelease.Verdict;

/** A release started at the upgrade height is judged by the node, not by the chain. */
class StartedReleaseTest {

    private static final long H = 42;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @Test
    void aNodeAnsweringAtTheHeightAndNotCatchingUpWaitsForPeersHoweverLong() {
        Verdict v = judge(true, answer(H, false), Duration.ofHours(1), Optional.of(Duration.ZERO), H);
        assertThat(v.kind()).isEqualTo(Kind.WAITING_FOR_PEERS);
        assertThat(v.restart()).isFalse();
        assertThat(StartedRelease.describe(v, Optional.empty())).isEqualTo("waiting for peers at height 42");
    }

    @Test
    void theWaitNamesThePowerBackOnTheReleaseWhenItIsKnown() {
        Verdict v = judge(true, answer(H, false), Duration.ofSeconds(10), Optional.of(Duration.ZERO), H);
        PowerBack.Tally tally = new PowerBack.Tally("v1.1.0", 20, 40, 2);
        assertThat(StartedRelease.describe(v, Optional.of(tally)))
                .isEqualTo("waiting for peers at height 42: 20 of 40 voting power back on v1.1.0");
    }

    @Test
    void aNodeSyncingMissedBlocksIsHealthy() {
        Verdict v = judge(true, answer(30, true), Duration.ofMinutes(5), Optional.of(Duration.ZERO), 30);
        assertThat(v.kind()).isEqualTo(Kind.CATCHING_UP);
        assertThat(v.restart()).isFalse();
        assertThat(StartedRelease.describe(v, Optional.empty())).isEqualTo("catching up at height 30");
    }

    @Test
    void aHeightPastTheUpgradeHeightEndsTheStartEvenWhileCatchingUp() {
        assertThat(judge(true, answer(H + 1, false), Duration.ofSeconds(1), Optional.of(Duration.ZERO), H + 1).kind())
                .isEqualTo(Kind.PAST_HEIGHT);
        assertThat(judge(true, answer(H + 5, true), Duration.ofSeconds(1), Optional.of(Duration.ZERO), H + 5).kind())
                .isEqualTo(Kind.PAST_HEIGHT);
    }

    @Test
    void theStartTimeoutAppliesOnlyToANodeThatNeverAnswered() {
        Verdict starting = judge(true, Optional.empty(), TIMEOUT, Optional.empty(), -1);
        assertThat(starting.kind()).isEqualTo(Kind.STARTING);
        assertThat(starting.restart()).isFalse();
        assertThat(StartedRelease.describe(starting, Optional.empty())).isEqualTo("starting: the node has not answered yet");

        Verdict never = judge(true, Optional.empty(), TIMEOUT.plusMillis(1), Optional.empty(), -1);
        assertThat(never.kind()).isEqualTo(Kind.NEVER_ANSWERED);
        assertThat(never.restart()).isTrue();
        assertThat(StartedRelease.describe(never, Optional.empty())).isEqualTo("the node did not answer within 3 s of its start");
    }

    @Test
    void aNodeThatAnsweredIsGivenTheTimeoutOfSilenceBeforeItIsRestarted() {
        Verdict brief = judge(true, Optional.empty(), Duration.ofMinutes(10), Optional.of(TIMEOUT), H);
        assertThat(brief.kind()).isEqualTo(Kind.NOT_ANSWERING);
        assertThat(brief.restart()).isFalse();
        assertThat(StartedRelease.describe(brief, Optional.empty())).isEqualTo("not answering for 3 s at height 42");

        Verdict silent = judge(true, Optional.empty(), Duration.ofMinutes(10), Optional.of(TIMEOUT.plusSeconds(1)), H);
        assertThat(silent.kind()).isEqualTo(Kind.STOPPED_ANSWERING);
        assertThat(silent.restart()).isTrue();
        assertThat(StartedRelease.describe(silent, Optional.empty())).isEqualTo("the node stopped answering for 4 s (last height 42)");
    }

    @Test
    void anExitedProcessIsRestartedWhateverItLastSaid() {
        Verdict exited = judge(false, answer(H, false), Duration.ofSeconds(1), Optional.of(Duration.ZERO), H);
        assertThat(exited.kind()).isEqualTo(Kind.EXITED);
        assertThat(exited.restart()).isTrue();
        assertThat(StartedRelease.describe(exited, Optional.empty()))
                .isEqualTo("the process exited before the height moved past 42 (last height 42)");
        Verdict early = judge(false, Optional.empty(), Duration.ofMillis(200), Optional.empty(), -1);
        assertThat(StartedRelease.describe(early, Optional.empty())).isEqualTo("the process exited before the height moved past 42");
    }

    private static Verdict judge(boolean alive, Optional<NodeStatus> answer, Duration sinceStart, Optional<Duration> sinceLastAnswer,
            long lastHeight) {
        return StartedRelease.judge(new Observation(alive, answer, sinceStart, sinceLastAnswer), H, lastHeight, TIMEOUT);
    }

    private static Optional<NodeStatus> answer(long height, boolean catchingUp) {
        return Optional.of(new NodeStatus(height, catchingUp));
    }
}
