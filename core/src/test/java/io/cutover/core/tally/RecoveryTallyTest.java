package io.cutover.core.tally;

import static io.cutover.core.tally.TallyFixture.T0;
import static io.cutover.core.tally.TallyFixture.approve;
import static io.cutover.core.tally.TallyFixture.height;
import static io.cutover.core.tally.TallyFixture.key;
import static io.cutover.core.tally.TallyFixture.network;
import static io.cutover.core.tally.TallyFixture.only;
import static io.cutover.core.tally.TallyFixture.raw;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.tally.TallyEvent.RecoveryApproved;
import io.cutover.core.tally.TallyEvent.RecoveryChanged;
import io.cutover.proto.v1.RecoveryAction;

class RecoveryTallyTest {

    private static final String UPGRADE = "v1.1.0@40";
    private static final String HOT_FIX_ID = UPGRADE + "/hot-fix/v1.1.1";
    private static final String RETURN_ID = UPGRADE + "/return";

    private Tally tally;

    @BeforeEach
    void anUpgradeApprovedAndReached() {
        tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        for (int v = 1; v <= 3; v++) {
            tally.apply(approve(v, "v1.1.0", 40));
        }
        tally.apply(height(40));
        assertThat(tally.network().currentRelease().text()).isEqualTo("v1.1.0");
    }

    private static TallyInput.Recover hotFix(int validator, String tag) {
        return new TallyInput.Recover(key(validator), UPGRADE, RecoveryAction.RECOVERY_ACTION_HOT_FIX, tag, List.of(),
                raw("hot-fix " + validator + " " + tag), T0.plusSeconds(2000 + validator));
    }

    private static TallyInput.Recover returnVote(int validator) {
        return new TallyInput.Recover(key(validator), UPGRADE, RecoveryAction.RECOVERY_ACTION_RETURN, "", List.of(),
                raw("return " + validator), T0.plusSeconds(2100 + validator));
    }

    @Test
    void approvesAHotFixWithThreeOfFourValidatorsAndCertifiesTheirTransactions() {
        assertThat(only(tally.apply(hotFix(1, "v1.1.1")), RecoveryApproved.class)).isEmpty();
        assertThat(only(tally.apply(hotFix(2, "v1.1.1")), RecoveryApproved.class)).isEmpty(); // 20 of 40 is not more than 2/3
        List<TallyEvent> events = tally.apply(hotFix(3, "v1.1.1"));

        List<RecoveryApproved> approved = only(events, RecoveryApproved.class);
        assertThat(approved).hasSize(1);
        ApprovalRecord approval = approved.get(0).approval();
        assertThat(approval.proposalId()).isEqualTo(HOT_FIX_ID);
        assertThat(approval.height()).isEqualTo(40);
        assertThat(approval.releaseTag()).isEqualTo("v1.1.1");
        assertThat(approval.approvingPower()).isEqualTo(30);
        assertThat(approval.quorumCertificate()).extracting(String::new)
                .containsExactly("hot-fix 1 v1.1.1", "hot-fix 2 v1.1.1", "hot-fix 3 v1.1.1");
        RecoveryRecord recovery = approved.get(0).recovery();
        assertThat(recovery.upgradeId()).isEqualTo(UPGRADE);
        assertThat(recovery.failedReleaseTag()).isEqualTo("v1.1.0");
        assertThat(recovery.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(tally.network().currentRelease().text()).isEqualTo("v1.1.1");
        assertThat(only(tally.apply(hotFix(4, "v1.1.1")), RecoveryApproved.class)).as("an approval is final and published once").isEmpty();
    }

    @Test
    void aLaterRecoveryVoteMovesTheValidatorsVote() {
        tally.apply(hotFix(1, "v1.1.1"));
        tally.apply(hotFix(2, "v1.1.1"));
        List<RecoveryChanged> changes = only(tally.apply(returnVote(2)), RecoveryChanged.class);
        assertThat(changes).extracting(c -> c.recovery().recoveryId()).containsExactly(HOT_FIX_ID, RETURN_ID);
        assertThat(tally.recovery(HOT_FIX_ID).orElseThrow().approvers()).containsExactly(key(1));
        tally.apply(returnVote(3));
        List<RecoveryApproved> approved = only(tally.apply(returnVote(4)), RecoveryApproved.class);
        assertThat(approved).singleElement().satisfies(a -> {
            assertThat(a.approval().proposalId()).isEqualTo(RETURN_ID);
            assertThat(a.approval().releaseTag()).isEmpty();
            assertThat(a.recovery().action()).isEqualTo(RecoveryAction.RECOVERY_ACTION_RETURN);
        });
    }

    @Test
    void anApprovedReturnMakesTheReleaseBeforeTheUpgradeCurrentAgainAlsoAfterARestore() {
        Tally restored = Tally.restore(tally.state()); // the release before the upgrade is kept in the snapshot
        for (int v = 1; v <= 3; v++) {
            restored.apply(returnVote(v));
        }
        assertThat(restored.network().currentRelease().text()).as("the nodes run it again, the upgrade skipped").isEqualTo("v1.0.0");
        assertThat(only(restored.apply(approve(1, "v1.0.5", 100)), TallyEvent.InputIgnored.class))
                .as("a release between the two may be proposed").isEmpty();
        assertThat(restored.proposal(ProposalId.of("v1.0.5", 100, List.of()))).isPresent();
    }

    @Test
    void aPendingRecoveryIsRejectedOnceTheNetworkMovesOnAndLaterVotesAreIgnored() {
        tally.apply(hotFix(1, "v1.1.1"));
        List<RecoveryChanged> changes = only(tally.apply(height(41)), RecoveryChanged.class);
        assertThat(changes).singleElement().satisfies(c -> assertThat(c.recovery().status()).isEqualTo(ProposalStatus.REJECTED));
        assertThat(only(tally.apply(hotFix(2, "v1.1.1")), TallyEvent.InputIgnored.class)).hasSize(1);
    }

    @Test
    void aHotFixOfACosmosPlanWhoseNameIsNoReleaseTagIsTalliedAgainstThePlansName() {
        String plan = "v7-Theta@40";
        for (int v = 1; v <= 3; v++) {
            List<TallyEvent> events = tally.apply(new TallyInput.Recover(key(v), plan, RecoveryAction.RECOVERY_ACTION_HOT_FIX, "v7.0.1", List.of(),
                    raw("plan fix " + v), T0.plusSeconds(2000 + v)));
            if (v == 3) {
                RecoveryRecord recovery = only(events, RecoveryApproved.class).get(0).recovery();
                assertThat(recovery.recoveryId()).isEqualTo(plan + "/hot-fix/v7.0.1");
                assertThat(recovery.failedReleaseTag()).isEqualTo("v7-Theta");
            }
        }
    }

    @Test
    void ignoresRecoveriesOfNonVotersAndHotFixesNotNewerThanTheFailedRelease() {
        assertThat(only(tally.apply(hotFix(9, "v1.1.1")), TallyEvent.InputIgnored.class)).hasSize(1);
        assertThat(only(tally.apply(hotFix(1, "v1.1.0")), TallyEvent.InputIgnored.class)).hasSize(1);
        assertThat(tally.recoveries()).isEmpty();
    }

    @Test
    void aNewNetworkFileJudgesPendingRecoveriesAgainOnlyWhenItChangesTheirOutcome() {
        tally.apply(hotFix(1, "v1.1.1"));
        tally.apply(hotFix(2, "v1.1.1"));
        assertThat(only(tally.apply(new TallyInput.NetworkChanged(network(ApprovalRule.GREATER, 10, 10, 10, 10), T0.plusSeconds(3000))),
                RecoveryChanged.class)).as("the same powers change nothing").isEmpty();
        List<TallyEvent> events = tally.apply(new TallyInput.NetworkChanged(network(ApprovalRule.GREATER, 10, 10, 1, 1), T0.plusSeconds(3001)));
        assertThat(only(events, RecoveryApproved.class)).as("20 of 22 is more than 2/3").singleElement()
                .satisfies(a -> assertThat(a.approval().proposalId()).isEqualTo(HOT_FIX_ID));
    }

    @Test
    void aRestoredTallyGoesOnCountingRecoveriesExactlyAsTheOriginal() {
        tally.apply(hotFix(1, "v1.1.1"));
        tally.apply(hotFix(2, "v1.1.1"));
        Tally restored = Tally.restore(tally.state());
        assertThat(restored.recoveries()).isEqualTo(tally.recoveries());
        assertThat(restored.apply(hotFix(3, "v1.1.1"))).usingRecursiveComparison().isEqualTo(tally.apply(hotFix(3, "v1.1.1")));
        assertThat(Tally.restore(tally.state()).state().recoveries()).usingRecursiveComparison().isEqualTo(tally.state().recoveries());
    }
}
