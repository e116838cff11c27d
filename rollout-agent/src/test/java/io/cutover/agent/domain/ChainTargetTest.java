package io.cutover.agent.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A chain's own upgrade halts the node at H by itself, so its target is still ahead at the node's height H. */
class ChainTargetTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Rollout.Policy POLICY = new Rollout.Policy(2, false);

    private static RolloutState at(long height) {
        return Rollout.next(RolloutState.initial("genesis", NOW), new Event.HeightReached(height), NOW, POLICY);
    }

    @Test
    void aChainTargetAtTheNodesHeightIsScheduledAndHaltsThere() {
        Target chain = new Target("v2@100", "v2", 100, List.of(), Target.Origin.CHAIN);
        RolloutState s = Rollout.next(at(100), new Event.TargetAnnounced(chain), NOW, POLICY);
        assertThat(s.phase()).isEqualTo(Phase.SCHEDULED);
        s = Rollout.next(s, new Event.HeightReached(100), NOW, POLICY);
        assertThat(s.phase()).as("the unchanged height still leads to HALTING").isEqualTo(Phase.HALTING);
    }

    @Test
    void anApprovalAtTheNodesHeightAndAChainTargetBelowItArePassed() {
        RolloutState s = at(100);
        assertThat(Rollout.next(s, new Event.TargetAnnounced(new Target("p", "v2", 100, List.of())), NOW, POLICY)).isEqualTo(s);
        assertThat(Rollout.next(s, new Event.TargetAnnounced(new Target("v2@99", "v2", 99, List.of(), Target.Origin.CHAIN)), NOW, POLICY))
                .isEqualTo(s);
    }
}
