package io.cutover.agent.vega;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import io.cutover.agent.domain.Target;
import io.cutover.agent.vega.UpgradeStatusRules.Announce;
import io.cutover.agent.vega.UpgradeStatusRules.Halt;
import io.cutover.agent.vega.UpgradeStatusRules.Refuse;
import io.cutover.agent.vega.UpgradeStatusRules.Withdraw;

class UpgradeStatusRulesTest {

    private static final Target PENDING = new Target("v0.80.0@500", "v0.80.0", 500, List.of(), Target.Origin.CHAIN);

    private static AdminRpc.UpgradeStatus accepted(String tag, long height, boolean ready) {
        return new AdminRpc.UpgradeStatus(Optional.of(new AdminRpc.UpgradeStatus.Accepted(tag, height)), ready);
    }

    private static List<UpgradeStatusRules.Action> decide(AdminRpc.UpgradeStatus status, Optional<Target> pending) {
        return UpgradeStatusRules.decide(status, pending, 100, "v0.79.0");
    }

    @Test
    void anAcceptedReleaseAboveTheRunningOneIsAnnouncedAtOnce() {
        assertThat(decide(accepted("v0.80.0", 500, false), Optional.empty())).containsExactly(new Announce("v0.80.0", 500));
        assertThat(decide(accepted("v0.80.0", 500, false), Optional.of(PENDING))).as("already pending").isEmpty();
    }

    @Test
    void nothingIsKnownBeforeTheFirstBlockOrWhenNothingIsAccepted() {
        assertThat(decide(new AdminRpc.UpgradeStatus(Optional.empty(), false), Optional.empty())).isEmpty();
        assertThat(decide(accepted("", 0, false), Optional.empty())).isEmpty();
    }

    @Test
    void aReleaseTheCoreNoLongerNamesIsWithdrawn() {
        assertThat(decide(accepted("", 0, false), Optional.of(PENDING)))
                .containsExactly(new Withdraw("v0.80.0@500", 500,
                        "the core no longer names an accepted release (AcceptedReleaseInfo is empty): the upgrade was withdrawn"));
        assertThat(decide(accepted("v0.81.0", 450, false), Optional.of(PENDING)))
                .containsExactly(new Withdraw("v0.80.0@500", 500, "the core now accepts v0.81.0@450 instead"), new Announce("v0.81.0", 450));
        Target approval = new Target("v0.80.0@500#ab", "v0.80.0", 500, List.of());
        assertThat(decide(accepted("", 0, false), Optional.of(approval))).as("only chain targets are the core's to withdraw").isEmpty();
    }

    @Test
    void badAnnouncementsAreRefusedWithTheirReason() {
        assertThat(decide(accepted("latest", 500, false), Optional.empty()))
                .containsExactly(new Refuse("latest@500", "VegaReleaseTag \"latest\" is not a semantic version"));
        assertThat(decide(accepted("v0.78.3", 500, false), Optional.empty()))
                .containsExactly(new Refuse("v0.78.3@500", "release v0.78.3 is not above the running release v0.79.0"));
        assertThat(decide(accepted("v0.80.0", 100, false), Optional.empty()))
                .containsExactly(new Refuse("v0.80.0@100", "UpgradeBlockHeight 100 is at or below the node's height 100"));
        assertThat(decide(accepted("v0.80.0", 0, false), Optional.empty())).singleElement().isInstanceOf(Refuse.class);
        assertThat(decide(accepted("", 600, false), Optional.empty())).singleElement().isInstanceOf(Refuse.class);
    }

    @Test
    void theRunningReleaseAndAHaltedCoreAreNotRefused() {
        assertThat(decide(accepted("v0.79.0", 90, false), Optional.empty())).as("the upgrade that took place").isEmpty();
        assertThat(decide(accepted("v0.80.0", 100, true), Optional.empty()))
                .as("the core stopped at H (a restarted agent)").containsExactly(new Announce("v0.80.0", 100));
    }

    @Test
    void readyToUpgradeForTheTargetIsTheHaltPoint() {
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 500, true), PENDING, OptionalLong.of(480))).isEqualTo(Halt.READY);
        assertThat(UpgradeStatusRules.halt(accepted("v0.81.0", 500, true), PENDING, OptionalLong.of(480))).isEqualTo(Halt.READY_FOR_ANOTHER);
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 450, true), PENDING, OptionalLong.of(450))).isEqualTo(Halt.READY_FOR_ANOTHER);
    }

    @Test
    void aCoreWhoseFirstAnswerAfterItsStartIsTheUpgradeHeightHadHaltedThereBefore() {
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 500, false), PENDING, OptionalLong.of(500)))
                .as("restarted at H: it loaded its snapshot at H and is never ready again").isEqualTo(Halt.HALTED_BEFORE_RESTART);
    }

    @Test
    void aCoreThatMerelyReachesTheUpgradeHeightWhileRunningIsNotHaltedBeforeReadyToUpgrade() {
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 500, false), PENDING, OptionalLong.of(480)))
                .as("first answered below H: it reached H while running and must finish its snapshot and wait for its data node")
                .isEqualTo(Halt.NOT_YET);
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 500, false), PENDING, OptionalLong.empty()))
                .as("no answer since its start yet").isEqualTo(Halt.NOT_YET);
        assertThat(UpgradeStatusRules.halt(accepted("v0.80.0", 500, false), PENDING, OptionalLong.of(501)))
                .as("past H: not the upgrade height").isEqualTo(Halt.NOT_YET);
        assertThat(UpgradeStatusRules.halt(accepted("v0.81.0", 500, false), PENDING, OptionalLong.of(500)))
                .as("the core accepts another release").isEqualTo(Halt.NOT_YET);
        assertThat(UpgradeStatusRules.halt(new AdminRpc.UpgradeStatus(Optional.empty(), false), PENDING, OptionalLong.of(500)))
                .as("nothing accepted").isEqualTo(Halt.NOT_YET);
    }
}
