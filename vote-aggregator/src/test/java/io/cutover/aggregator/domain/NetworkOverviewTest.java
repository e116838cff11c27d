package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.Tally;
import io.cutover.core.tally.TallyInput;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;

class NetworkOverviewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ID = "v1.1.0@200";
    private static final long WARN = 50;

    @Test
    void showsTheNetworkAndItsValidators() {
        Tally tally = tally(ApprovalRule.GREATER, 10, 20, 30);
        tally.apply(new TallyInput.HeightReached(120, T0));

        NetworkOverview view = NetworkOverview.of(tally, List.of(), WARN);

        assertThat(view.chainId()).isEqualTo("cutover-devnet");
        assertThat(view.networkHeight()).isEqualTo(120);
        assertThat(view.networkHeightKnown()).isTrue();
        assertThat(view.currentRelease()).isEqualTo("v1.0.0");
        assertThat(view.totalVotingPower()).isEqualTo(60);
        assertThat(view.approvalThreshold()).isEqualTo("2/3");
        assertThat(view.approvalRule()).isEqualTo("greater");
        assertThat(view.approvalPower()).isEqualTo(41);
        assertThat(view.warningBlocks()).isEqualTo(WARN);
        assertThat(view.validators()).extracting(NetworkOverview.Validator::name).containsExactly("validator-1", "validator-2", "validator-3");
        assertThat(view.validators()).extracting(NetworkOverview.Validator::votingPower).containsExactly(10L, 20L, 30L);
        assertThat(view.upgrades()).isEmpty();
    }

    @Test
    void pendingProposalsAreNotUpgrades() {
        Tally tally = tally(ApprovalRule.GREATER, 10, 10, 10, 10);
        tally.apply(vote(1, "v1.1.0", 200));
        assertThat(NetworkOverview.of(tally, List.of(), WARN).upgrades()).isEmpty();
    }

    @Test
    void readinessCountsTheVotingPowerOfReadyAgentsForThisProposal() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(100, T0));
        List<RolloutStatus> agents = List.of(
                agent(1, true, ID, "v1.0.0"),
                agent(2, true, "v9.9.9@999", "v1.0.0"),   // ready, but for another proposal
                agent(3, false, ID, "v1.0.0"),            // not staged yet
                agent(4, true, ID, "v1.0.0").toBuilder().setValidatorKey("ff".repeat(32)).build(), // unknown validator
                agent(1, true, ID, "v1.0.0").toBuilder().setNode("validator-1-sentry").build());   // same validator twice

        NetworkOverview.Upgrade upgrade = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);

        assertThat(upgrade.proposalId()).isEqualTo(ID);
        assertThat(upgrade.releaseTag()).isEqualTo("v1.1.0");
        assertThat(upgrade.height()).isEqualTo(200);
        assertThat(upgrade.blocksLeft()).isEqualTo(100);
        assertThat(upgrade.readyPower()).isEqualTo(10);
        assertThat(upgrade.requiredPower()).isEqualTo(27);
        assertThat(upgrade.readyNodes()).containsExactly("validator-1", "validator-1-sentry");
        assertThat(upgrade.readyEnough()).isFalse();
        assertThat(upgrade.haltRisk()).as("100 blocks left, warning at 50").isFalse();
        assertThat(upgrade.reached()).isFalse();
    }

    @Test
    void aShortfallNearTheHeightIsAHaltRiskAndEnoughReadyPowerClearsIt() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(150, T0));
        List<RolloutStatus> agents = new ArrayList<>(List.of(agent(1, true, ID, "v1.0.0"), agent(2, true, ID, "v1.0.0")));

        NetworkOverview.Upgrade risky = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);
        assertThat(risky.blocksLeft()).isEqualTo(WARN);
        assertThat(risky.readyPower()).isEqualTo(20);
        assertThat(risky.haltRisk()).isTrue();

        agents.add(agent(3, true, ID, "v1.0.0"));
        NetworkOverview.Upgrade ready = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);
        assertThat(ready.readyPower()).isEqualTo(30);
        assertThat(ready.readyEnough()).isTrue();
        assertThat(ready.haltRisk()).isFalse();
    }

    @Test
    void unknownNetworkHeightGivesNoCountdownAndNoWarning() {
        Tally tally = approved(10, 10, 10, 10);
        NetworkOverview.Upgrade upgrade = NetworkOverview.of(tally, List.of(), WARN).upgrades().get(0);
        assertThat(upgrade.blocksLeft()).isNull();
        assertThat(NetworkOverview.of(tally, List.of(), WARN).networkHeightKnown()).isFalse();
        assertThat(upgrade.haltRisk()).isFalse();
    }

    @Test
    void anUpgradeThatTookEffectStaysShownWithNodesRunningItCountedReady() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(205, T0));
        NetworkOverview view = NetworkOverview.of(tally, List.of(agent(1, false, "", "v1.1.0"), agent(2, false, "", "v1.0.0")), WARN);

        assertThat(view.currentRelease()).isEqualTo("v1.1.0");
        NetworkOverview.Upgrade upgrade = view.upgrades().get(0);
        assertThat(upgrade.reached()).isTrue();
        assertThat(upgrade.blocksLeft()).isZero();
        assertThat(upgrade.readyNodes()).containsExactly("validator-1");
        assertThat(upgrade.haltRisk()).as("past the height there is nothing left to warn about").isFalse();
    }

    @Test
    void duringTheSwitchThePowerBackOnlineOnTheNewReleaseIsCountedOnceAValidatorsNodeStartedIt() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(200, T0));
        RolloutStatus started = agent(1, false, ID, "v1.1.0").toBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_STARTING).build();
        RolloutStatus switching = agent(2, true, ID, "v1.1.0").toBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_SWITCHING).build();
        RolloutStatus halted = agent(3, true, ID, "v1.0.0").toBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_HALTING).build();
        RolloutStatus sentry = started.toBuilder().setNode("validator-1-sentry").build(); // the same validator twice

        NetworkOverview.Upgrade during = NetworkOverview.of(tally, List.of(started, switching, halted, sentry), WARN).upgrades().get(0);
        assertThat(during.backPower()).isEqualTo(10);
        assertThat(during.backNodes()).containsExactly("validator-1", "validator-1-sentry");

        RolloutStatus running = agent(2, false, "", "v1.1.0");
        RolloutStatus third = agent(3, false, ID, "v1.1.0").toBuilder().setPhase(RolloutPhase.ROLLOUT_PHASE_STARTING).build();
        NetworkOverview.Upgrade after = NetworkOverview.of(tally, List.of(started, running, third), WARN).upgrades().get(0);
        assertThat(after.backPower()).as("30 of 40: more than 2/3 back").isEqualTo(30);
        assertThat(after.backPower()).isGreaterThanOrEqualTo(after.requiredPower());
    }

    @Test
    void anotherChainsTallyIsNotMixedIn() {
        // the view takes agents as given; AppliedInputs keeps only the network's own chain, so
        // here a report of a validator that is not in network.toml must not count
        Tally tally = approved(10, 10, 10, 10);
        RolloutStatus stranger = agent(1, true, ID, "v1.0.0").toBuilder().setValidatorKey("").build();
        assertThat(NetworkOverview.of(tally, List.of(stranger), WARN).upgrades().get(0).readyPower()).isZero();
    }

    @Test
    void anUpgradeAnnouncedByTheChainIsShownWithReadinessByVotingPowerWhereAgentsAreValidators() {
        Tally tally = tally(ApprovalRule.GREATER, 10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(100, T0));
        List<RolloutStatus> agents = List.of(
                chainAgent(1, true, "v0.80.0", 180).setValidatorKey(key(1)).build(),
                chainAgent(2, true, "v0.80.0", 180).setValidatorKey(key(2)).build(),
                chainAgent(3, false, "v0.80.0", 180).setValidatorKey(key(3)).build());

        List<NetworkOverview.Upgrade> upgrades = NetworkOverview.of(tally, agents, WARN).upgrades();

        assertThat(upgrades).singleElement().satisfies(u -> {
            assertThat(u.origin()).isEqualTo(NetworkOverview.Origin.ANNOUNCED_BY_CHAIN);
            assertThat(u.proposalId()).isEqualTo("v0.80.0@180");
            assertThat(u.releaseTag()).isEqualTo("v0.80.0");
            assertThat(u.height()).isEqualTo(180);
            assertThat(u.readinessBy()).isEqualTo(NetworkOverview.ReadinessBy.VOTING_POWER);
            assertThat(u.readyPower()).isEqualTo(20);
            assertThat(u.requiredPower()).isEqualTo(27);
            assertThat(u.readyNodes()).containsExactly("validator-1", "validator-2");
            assertThat(u.reportingNodes()).isEqualTo(3);
            assertThat(u.blocksLeft()).isEqualTo(80);
            assertThat(u.readyEnough()).isFalse();
        });
    }

    @Test
    void withoutValidatorKeysAnAnnouncedUpgradeIsCountedInNodesFromTheAgentsOwnHeights() {
        Tally tally = tally(ApprovalRule.GREATER, 10, 10, 10, 10);
        List<RolloutStatus> agents = List.of(
                chainAgent(1, true, "v0.80.0", 180).setHeight(150).build(),
                chainAgent(2, true, "v0.80.0", 180).setHeight(151).build(),
                chainAgent(3, true, "v0.80.0", 180).setHeight(149).build(),
                agent(4, false, "", "v0.79.0").toBuilder().setValidatorKey("").build());

        NetworkOverview.Upgrade u = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);

        assertThat(u.readinessBy()).isEqualTo(NetworkOverview.ReadinessBy.NODE_COUNT);
        assertThat(u.readyPower()).as("ready nodes").isEqualTo(3);
        assertThat(u.requiredPower()).as("nodes the threshold needs of the 3 reporting").isEqualTo(3);
        assertThat(u.readyEnough()).isTrue();
        assertThat(u.blocksLeft()).as("counted from the reporting agents' height").isEqualTo(29);
    }

    @Test
    void anAnnouncementThatAnApprovalHereCoversIsShownOnceAsApproved() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(100, T0));
        List<RolloutStatus> agents = List.of(chainAgent(1, true, "v1.1.0", 200).setValidatorKey(key(1)).build(),
                agent(2, true, ID, "v1.0.0"));

        List<NetworkOverview.Upgrade> upgrades = NetworkOverview.of(tally, agents, WARN).upgrades();

        assertThat(upgrades).singleElement().satisfies(u -> {
            assertThat(u.origin()).isEqualTo(NetworkOverview.Origin.APPROVED);
            assertThat(u.reportingNodes()).as("the same upgrade, whichever way each agent learnt of it").isEqualTo(2);
        });
    }

    private static RolloutStatus.Builder chainAgent(int node, boolean ready, String tag, long height) {
        return RolloutStatus.newBuilder().setChainId("cutover-devnet").setNode("validator-" + node).setReady(ready)
                .setTargetProposalId(tag + "@" + height).setTargetRelease(tag).setTargetHeight(height)
                .setTargetOrigin(TargetOrigin.TARGET_ORIGIN_CHAIN).setRunningRelease("v0.79.0")
                .setPhase(ready ? RolloutPhase.ROLLOUT_PHASE_READY : RolloutPhase.ROLLOUT_PHASE_STAGING);
    }

    /** Seeded random agent sets: the halt warning is exactly "not ready enough, not reached, within the window". */
    @Test
    void haltRiskFollowsItsRuleOnRandomReadiness() {
        Random random = new Random(8);
        for (int run = 0; run < 300; run++) {
            long[] powers = random.longs(2 + random.nextInt(6), 1, 50).toArray();
            ApprovalRule rule = random.nextBoolean() ? ApprovalRule.GREATER : ApprovalRule.AT_LEAST;
            Tally tally = tally(rule, powers);
            for (int v = 1; v <= powers.length; v++) {
                tally.apply(vote(v, "v1.1.0", 200));
            }
            long height = 1 + random.nextInt(260);
            tally.apply(new TallyInput.HeightReached(height, T0));
            List<RolloutStatus> agents = new ArrayList<>();
            long expectedReady = 0;
            for (int v = 1; v <= powers.length; v++) {
                boolean ready = random.nextBoolean();
                agents.add(agent(v, ready, ID, "v1.0.0"));
                expectedReady += ready ? powers[v - 1] : 0;
            }
            long total = java.util.Arrays.stream(powers).sum();
            NetworkOverview.Upgrade u = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);
            boolean enough = new Threshold(new Fraction(2, 3), rule).isMetBy(expectedReady, total);
            boolean reached = height >= 200;

            assertThat(u.readyPower()).isEqualTo(expectedReady);
            if (!reached) {
                assertThat(u.readyEnough()).isEqualTo(enough);
                assertThat(u.haltRisk()).as("run %d", run).isEqualTo(!enough && 200 - height <= WARN);
            } else {
                assertThat(u.haltRisk()).isFalse();
            }
        }
    }

    @Test
    void showsARecoveryOfTheFailedUpgradeWithEachNodesStepAndThePowerBackUntilTheChainMovesOn() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(200, T0.plusSeconds(200)));
        for (int v = 1; v <= 3; v++) {
            tally.apply(new TallyInput.Recover(key(v), ID, RecoveryAction.RECOVERY_ACTION_HOT_FIX, "v1.1.1", List.of(),
                    ("fix " + v).getBytes(), T0.plusSeconds(300 + v)));
        }
        String recoveryId = ID + "/hot-fix/v1.1.1";
        List<RolloutStatus> agents = List.of(
                agent(1, false, "", "v1.1.1").toBuilder().setRecoveryId(recoveryId).setPhase(RolloutPhase.ROLLOUT_PHASE_RUNNING).build(),
                agent(2, false, "", "v1.1.1").toBuilder().setRecoveryId(recoveryId).setPhase(RolloutPhase.ROLLOUT_PHASE_STARTING).build(),
                agent(3, false, "", "v1.1.0").toBuilder().setRecoveryId(recoveryId).setPhase(RolloutPhase.ROLLOUT_PHASE_RECOVERING).build(),
                agent(4, false, "", "v1.1.0"));

        RecoveryView recovery = NetworkOverview.of(tally, agents, WARN).recoveries().get(0);
        assertThat(recovery.recoveryId()).isEqualTo(recoveryId);
        assertThat(recovery.upgradeId()).isEqualTo(ID);
        assertThat(recovery.failedReleaseTag()).isEqualTo("v1.1.0");
        assertThat(recovery.status()).isEqualTo("APPROVED");
        assertThat(recovery.approvingPower()).isEqualTo(30);
        assertThat(recovery.requiredPower()).isEqualTo(27);
        assertThat(recovery.steps()).extracting(RecoveryView.NodeStep::phase).containsExactly("RUNNING", "STARTING", "RECOVERING");
        assertThat(recovery.backPower()).isEqualTo(20);
        assertThat(recovery.backNodes()).containsExactly("validator-1", "validator-2");

        NetworkOverview.Upgrade failed = NetworkOverview.of(tally, agents, WARN).upgrades().get(0);
        assertThat(failed.recoveredBy()).isEqualTo(new NetworkOverview.RecoveredBy(recoveryId, "HOT_FIX", "v1.1.1"));
        assertThat(failed.backNodes()).as("back online after applying the hot-fix").containsExactly("validator-1", "validator-2");
        assertThat(failed.backPower()).isEqualTo(20);

        tally.apply(new TallyInput.HeightReached(201, T0.plusSeconds(400)));
        assertThat(NetworkOverview.of(tally, agents, WARN).recoveries()).as("the chain moved on").isEmpty();
        assertThat(NetworkOverview.of(tally, agents, WARN).upgrades().get(0).recoveredBy()).as("the upgrade took effect as the hot-fix")
                .isEqualTo(new NetworkOverview.RecoveredBy(recoveryId, "HOT_FIX", "v1.1.1"));
    }

    @Test
    void anUpgradeReturnedFromStaysShownAsReturnedOnceTheChainMovesOn() {
        Tally tally = approved(10, 10, 10, 10);
        tally.apply(new TallyInput.HeightReached(200, T0.plusSeconds(200)));
        assertThat(NetworkOverview.of(tally, List.of(), WARN).upgrades().get(0).recoveredBy()).as("no recovery yet").isNull();
        tally.apply(new TallyInput.Recover(key(1), ID, RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of(), "back 1".getBytes(),
                T0.plusSeconds(301)));
        assertThat(NetworkOverview.of(tally, List.of(), WARN).upgrades().get(0).recoveredBy()).as("not approved yet").isNull();
        for (int v = 2; v <= 3; v++) {
            tally.apply(new TallyInput.Recover(key(v), ID, RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of(),
                    ("back " + v).getBytes(), T0.plusSeconds(300 + v)));
        }
        tally.apply(new TallyInput.HeightReached(201, T0.plusSeconds(400)));

        NetworkOverview.Upgrade upgrade = NetworkOverview.of(tally, List.of(), WARN).upgrades().get(0);
        assertThat(upgrade.proposalId()).isEqualTo(ID);
        assertThat(upgrade.recoveredBy()).isEqualTo(new NetworkOverview.RecoveredBy(ID + "/return", "RETURN", ""));
    }

    private static Tally approved(long... powers) {
        Tally tally = tally(ApprovalRule.GREATER, powers);
        for (int v = 1; v <= powers.length; v++) {
            tally.apply(vote(v, "v1.1.0", 200));
        }
        return tally;
    }

    private static Tally tally(ApprovalRule rule, long... powers) {
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 0; i < powers.length; i++) {
            validators.add(new ValidatorInfo("validator-" + (i + 1), key(i + 1), powers[i]));
        }
        return new Tally(new NetworkConfig("cutover-devnet", ReleaseTag.parse("v1.0.0").orElseThrow(),
                new Threshold(new Fraction(2, 3), rule), 10, 100, validators));
    }

    private static TallyInput.Approve vote(int validator, String tag, long height) {
        return new TallyInput.Approve(key(validator), tag, height, List.of(), ("vote " + validator).getBytes(), T0.plusSeconds(validator));
    }

    private static String key(int validator) {
        return String.format("%064x", validator);
    }

    private static RolloutStatus agent(int validator, boolean ready, String target, String running) {
        return RolloutStatus.newBuilder().setChainId("cutover-devnet").setNode("validator-" + validator).setValidatorKey(key(validator))
                .setReady(ready).setTargetProposalId(target).setRunningRelease(running)
                .setPhase(ready ? RolloutPhase.ROLLOUT_PHASE_READY : RolloutPhase.ROLLOUT_PHASE_RUNNING).build();
    }
}
