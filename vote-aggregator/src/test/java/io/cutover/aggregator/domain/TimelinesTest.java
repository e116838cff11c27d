package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.RolloutTimeline;
import io.cutover.proto.v1.UpgradeTimelines;

class TimelinesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final String PAST = "v1.1.0@50";
    private static final String NEXT = "v1.2.0@100";
    private static final BlockTime ONE_SECOND = () -> Optional.of(Duration.ofSeconds(1));
    private static final NetworkOverview NETWORK = new NetworkOverview("chain-a", "v1.1.0", 90, true, List.of(
            new NetworkOverview.Validator("validator-1", "k1", 10), new NetworkOverview.Validator("validator-2", "k2", 10),
            new NetworkOverview.Validator("validator-3", "k3", 10), new NetworkOverview.Validator("validator-4", "k4", 10)),
            "2/3", "greater", 40, 27, 10, List.of());

    private final TimelineLog log = new TimelineLog();

    private static Timestamp at(long secondsFromNow) {
        Instant i = NOW.plusSeconds(secondsFromNow);
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    private static RolloutStatus report(int validator, RolloutPhase phase, RolloutTimeline timeline) {
        return RolloutStatus.newBuilder().setChainId("chain-a").setNode("node-" + validator).setValidatorKey("k" + validator)
                .setHost("host-" + validator).setPhase(phase).setTimeline(timeline).build();
    }

    /** The past upgrade: node-1 switched in 12 s, node-2 in 4 s, node-3 in 8 s. */
    private void pastUpgrade() {
        long[] switchSeconds = {12, 4, 8};
        for (int v = 1; v <= 3; v++) {
            log.record(report(v, RolloutPhase.ROLLOUT_PHASE_RUNNING, RolloutTimeline.newBuilder().setUpgradeId(PAST)
                    .setHaltedAt(at(-1000)).setFirstBlockAt(at(-1000 + switchSeconds[v - 1])).build()));
        }
    }

    private static RolloutStatus verified(int validator) {
        return report(validator, RolloutPhase.ROLLOUT_PHASE_READY, RolloutTimeline.newBuilder().setUpgradeId(NEXT)
                .setStagedAt(at(-30)).setVerifiedAt(at(-30)).build()).toBuilder().setTargetProposalId(NEXT).setTargetHeight(100).build();
    }

    /** These validators' nodes report the next upgrade's release staged and verified. */
    private void verified(int... validators) {
        for (int v : validators) {
            log.record(verified(v));
        }
    }

    private UpgradeTimelines timelines(String upgradeId) {
        Timelines.Answer answer = Timelines.answer("", upgradeId, NETWORK, log, OptionalLong.empty(), ONE_SECOND, NOW);
        assertThat(answer).isInstanceOf(Timelines.Found.class);
        return ((Timelines.Found) answer).timelines();
    }

    @Test
    void forecastsFromTheHeightsEstimatedTimeAndEachNodesMeasuredSwitchTime() {
        pastUpgrade();
        verified(1, 2, 3);
        log.record(report(4, RolloutPhase.ROLLOUT_PHASE_STAGING, RolloutTimeline.newBuilder().setUpgradeId(NEXT).build()));

        UpgradeTimelines t = timelines(NEXT);
        // height 100 is 10 blocks of 1 s away; node-1 needs 12 s, node-2 4 s, node-3 8 s: 30 of 40 power at +22 s
        assertThat(t.getHeight()).isEqualTo(100);
        assertThat(t.hasPowerBackAt()).isFalse();
        assertThat(t.getForecastBackAt()).isEqualTo(at(22));
        assertThat(t.getHoldingBackList()).containsExactly("node-4", "node-1");
        assertThat(t.getNodesList()).extracting(n -> n.getNode() + " " + n.getHost() + " " + n.getVotingPower())
                .containsExactly("node-1 host-1 10", "node-2 host-2 10", "node-3 host-3 10", "node-4 host-4 10");
        assertThat(t.getNodes(0).getTimeline().getVerifiedAt()).isEqualTo(at(-30));
    }

    @Test
    void aNodeWithNoMeasuredSwitchTakesTheFleetsMedianAndAValidatorWithNoAgentHoldsBack() {
        pastUpgrade();
        verified(1, 2, 4);

        UpgradeTimelines t = timelines(NEXT);
        // node-4 never switched before: the fleet's median of 12, 4 and 8 s; validator-3 has no agent
        assertThat(t.getForecastBackAt()).isEqualTo(at(22));
        assertThat(t.getHoldingBackList()).containsExactly("validator-3", "node-1");
    }

    @Test
    void reportsThePowerBackOnceMoreThanTheThresholdRanTheNewReleasePastTheHeight() {
        for (int v = 1; v <= 4; v++) {
            log.record(report(v, RolloutPhase.ROLLOUT_PHASE_RUNNING, RolloutTimeline.newBuilder().setUpgradeId(PAST)
                    .setVerifiedAt(at(-100)).setHaltedAt(at(-60)).setFirstBlockAt(at(-60 + 10L * v)).build()));
        }
        UpgradeTimelines t = timelines(PAST);
        assertThat(t.getPowerBackAt()).isEqualTo(at(-30));
        assertThat(t.hasForecastBackAt()).isFalse();
        assertThat(t.getHoldingBackList()).isEmpty();
    }

    @Test
    void withoutAnyMeasuredSwitchEachNodeTakesThirtySeconds() {
        verified(1, 2, 3);
        assertThat(timelines(NEXT).getForecastBackAt()).isEqualTo(at(10 + Timelines.DEFAULT_SWITCH_TIME.toSeconds()));
    }

    @Test
    void refusesAnotherChainAndAnUnknownUpgrade() {
        log.record(verified(1));
        assertThat(Timelines.answer("chain-b", NEXT, NETWORK, log, OptionalLong.empty(), ONE_SECOND, NOW))
                .isInstanceOfSatisfying(Timelines.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_CHAIN));
        assertThat(Timelines.answer("", "v9.9.9@1", NETWORK, log, OptionalLong.empty(), ONE_SECOND, NOW))
                .isInstanceOfSatisfying(Timelines.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_UPGRADE));
        assertThat(Timelines.answer("chain-a", "v9.9.9@1", NETWORK, log, OptionalLong.of(1), ONE_SECOND, NOW))
                .isInstanceOf(Timelines.Found.class);
    }

    @Test
    void remembersALimitedNumberOfUpgrades() {
        for (int i = 0; i <= TimelineLog.UPGRADES; i++) {
            log.record(report(1, RolloutPhase.ROLLOUT_PHASE_RUNNING, RolloutTimeline.newBuilder().setUpgradeId("v1." + i + ".0@" + i).build()));
        }
        assertThat(log.knows("v1.0.0@0")).isFalse();
        assertThat(log.knows("v1.1.0@1")).isTrue();
    }
}
