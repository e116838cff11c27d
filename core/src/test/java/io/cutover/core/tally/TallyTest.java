package io.cutover.core.tally;

import static io.cutover.core.tally.TallyFixture.approve;
import static io.cutover.core.tally.TallyFixture.changes;
import static io.cutover.core.tally.TallyFixture.height;
import static io.cutover.core.tally.TallyFixture.key;
import static io.cutover.core.tally.TallyFixture.network;
import static io.cutover.core.tally.TallyFixture.only;
import static io.cutover.core.tally.TallyFixture.raw;
import static io.cutover.core.tally.TallyFixture.reject;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.tally.TallyEvent.ApprovalCancelled;
import io.cutover.core.tally.TallyEvent.ApprovalIssued;
import io.cutover.core.tally.TallyEvent.InputIgnored;
import io.cutover.core.tally.TallyEvent.ReleaseAdvanced;

class TallyTest {

    private static final String A = "v1.1.0@200";
    private static final String B = "v1.2.0@150";

    @Test
    void exactlyTwoThirdsIsNotApprovedUnderGreater() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        List<TallyEvent> events = tally.apply(approve(2, "v1.1.0", 200));

        assertThat(only(events, ApprovalIssued.class)).isEmpty();
        assertThat(tally.proposal(A).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
        assertThat(tally.proposal(A).orElseThrow().approvingPower()).isEqualTo(20);
        assertThat(tally.proposal(A).orElseThrow().totalPower()).isEqualTo(30);
    }

    @Test
    void exactlyTwoThirdsIsApprovedUnderAtLeast() {
        Tally tally = new Tally(network(ApprovalRule.AT_LEAST, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        List<TallyEvent> events = tally.apply(approve(2, "v1.1.0", 200));

        ApprovalRecord approval = only(events, ApprovalIssued.class).get(0).approval();
        assertThat(approval.proposalId()).isEqualTo(A);
        assertThat(approval.approvingPower()).isEqualTo(20);
        assertThat(approval.quorumCertificate()).containsExactly(raw("approve 1 v1.1.0@200"), raw("approve 2 v1.1.0@200"));
    }

    @Test
    void threeOfFourEqualValidatorsApproveWithTheirTransactionsAsCertificate() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        assertThat(only(tally.apply(approve(3, "v1.1.0", 200)), ApprovalIssued.class)).isEmpty();
        assertThat(only(tally.apply(approve(1, "v1.1.0", 200)), ApprovalIssued.class)).isEmpty();
        List<TallyEvent> events = tally.apply(approve(2, "v1.1.0", 200));

        assertThat(events).hasSize(2);
        ProposalRecord approved = changes(events).get(0);
        assertThat(approved.status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(approved.approvers()).containsExactly(key(1), key(2), key(3));
        ApprovalRecord approval = only(events, ApprovalIssued.class).get(0).approval();
        assertThat(approval.quorumCertificate()).containsExactly(
                raw("approve 1 v1.1.0@200"), raw("approve 2 v1.1.0@200"), raw("approve 3 v1.1.0@200"));
        assertThat(approval.approvedAt()).isEqualTo(TallyFixture.T0.plusSeconds(2));
        assertThat(approval.cancelled()).isFalse();
    }

    @Test
    void unequalPowersCountByPowerNotByHead() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 60, 20, 10, 10));
        tally.apply(approve(2, "v1.1.0", 200));
        tally.apply(approve(3, "v1.1.0", 200));
        List<TallyEvent> threeSmall = tally.apply(approve(4, "v1.1.0", 200));
        assertThat(only(threeSmall, ApprovalIssued.class)).as("3 of 4 validators but 40 of 100 power").isEmpty();

        List<TallyEvent> big = tally.apply(approve(1, "v1.1.0", 200));
        assertThat(only(big, ApprovalIssued.class)).hasSize(1);
        assertThat(tally.proposal(A).orElseThrow().approvingPower()).isEqualTo(100);
    }

    @Test
    void aLaterVoteMovesTheValidatorBetweenProposals() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));
        List<TallyEvent> moved = tally.apply(approve(1, "v1.2.0", 150));

        assertThat(changes(moved)).extracting(ProposalRecord::proposalId).containsExactly(A, B);
        assertThat(tally.proposal(A).orElseThrow().approvers()).containsExactly(key(2));
        assertThat(tally.proposal(B).orElseThrow().approvers()).containsExactly(key(1));

        List<TallyEvent> movedLast = tally.apply(approve(2, "v1.2.0", 150));
        ProposalRecord emptied = changes(movedLast).get(0);
        assertThat(emptied.proposalId()).isEqualTo(A);
        assertThat(emptied.status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(emptied.statusReason()).isEqualTo("no approvers left");
        assertThat(tally.proposal(B).orElseThrow().approvingPower()).isEqualTo(20);
    }

    @Test
    void proposingTheCurrentReleaseWithdrawsTheVote() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));

        List<TallyEvent> withdrawn = tally.apply(approve(1, "v1.0.0", 300));
        assertThat(changes(withdrawn)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ProposalStatus.PENDING);
            assertThat(p.approvers()).containsExactly(key(2));
        });
        assertThat(tally.proposal("v1.0.0@300")).isEmpty();

        List<TallyEvent> last = tally.apply(approve(2, "1.0.0", 300));
        assertThat(changes(last)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(ProposalStatus.REJECTED));
        assertThat(only(tally.apply(approve(2, "v1.0.0", 300)), InputIgnored.class)).hasSize(1);
    }

    @Test
    void aRejectionRecordsANoAndWithdrawsTheApproval() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));

        ProposalRecord afterNo = changes(tally.apply(reject(3, A))).get(0);
        assertThat(afterNo.rejecters()).containsExactly(key(3));
        assertThat(afterNo.rejectingPower()).isEqualTo(10);

        ProposalRecord afterChange = changes(tally.apply(reject(2, A))).get(0);
        assertThat(afterChange.approvers()).containsExactly(key(1));
        assertThat(afterChange.rejecters()).containsExactly(key(2), key(3));

        // the withdrawn approval no longer counts: three votes needed again
        tally.apply(approve(4, "v1.1.0", 200));
        assertThat(tally.proposal(A).orElseThrow().status()).isEqualTo(ProposalStatus.PENDING);
        // approving again takes the validator off the rejecters
        List<TallyEvent> back = tally.apply(approve(2, "v1.1.0", 200));
        assertThat(only(back, ApprovalIssued.class)).hasSize(1);
        assertThat(tally.proposal(A).orElseThrow().rejecters()).containsExactly(key(3));
    }

    @Test
    void anApprovalIsFinalUntilRejectionsHoldTheThreshold() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));
        ApprovalRecord approval = only(tally.apply(approve(3, "v1.1.0", 200)), ApprovalIssued.class).get(0).approval();

        tally.apply(approve(1, "v1.2.0", 150)); // a vote that moves afterwards does not undo it
        assertThat(only(tally.apply(reject(4, A)), ApprovalCancelled.class)).isEmpty();
        assertThat(only(tally.apply(reject(2, A)), ApprovalCancelled.class)).isEmpty();
        assertThat(tally.proposal(A).orElseThrow().status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(tally.proposal(A).orElseThrow().approvers()).containsExactly(key(1), key(2), key(3));

        List<TallyEvent> decisive = tally.apply(reject(3, A));
        assertThat(changes(decisive).get(0).status()).isEqualTo(ProposalStatus.CANCELLED);
        ApprovalRecord cancelled = only(decisive, ApprovalCancelled.class).get(0).approval();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.quorumCertificate()).isEqualTo(approval.quorumCertificate());
        assertThat(cancelled.height()).isEqualTo(200);
        assertThat(cancelled.rejectionCertificate()).as("the proof: the rejections holding the threshold").hasSize(3);
        assertThat(cancelled.supersededBy()).isEmpty();
        assertThat(only(tally.apply(approve(4, "v1.1.0", 200)), InputIgnored.class)).as("closed for good").hasSize(1);
    }

    @Test
    void aProposalNotApprovedByItsHeightIsRejected() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        assertThat(tally.apply(height(199))).isEmpty();

        List<TallyEvent> expired = tally.apply(height(200));
        assertThat(changes(expired)).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ProposalStatus.REJECTED);
            assertThat(p.statusReason()).isEqualTo("not approved by its height 200");
        });
        assertThat(tally.apply(height(150))).as("heights never move back").isEmpty();
        assertThat(tally.networkHeight()).isEqualTo(200);
        assertThat(only(tally.apply(approve(2, "v1.1.0", 200)), InputIgnored.class)).hasSize(1);
        assertThat(only(tally.apply(approve(2, "v1.1.0", 190)), InputIgnored.class)).as("height already reached").hasSize(1);
    }

    @Test
    void theEarliestApprovedHeightTakesEffectAndClosesEveryOtherProposal() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        for (int v = 1; v <= 3; v++) {
            tally.apply(approve(v, "v1.1.0", 200));
        }
        for (int v = 2; v <= 4; v++) {
            tally.apply(approve(v, "v1.2.0", 150));
        }
        tally.apply(approve(1, "v1.3.0", 400));
        assertThat(tally.proposal(A).orElseThrow().status()).isEqualTo(ProposalStatus.APPROVED);
        assertThat(tally.proposal(B).orElseThrow().status()).isEqualTo(ProposalStatus.APPROVED);

        List<TallyEvent> reached = tally.apply(height(160));
        assertThat(only(reached, ReleaseAdvanced.class)).singleElement()
                .satisfies(r -> assertThat(r.release().text()).isEqualTo("v1.2.0"));
        assertThat(tally.network().currentRelease().text()).isEqualTo("v1.2.0");
        assertThat(tally.proposal(A).orElseThrow().status()).isEqualTo(ProposalStatus.CANCELLED);
        assertThat(tally.proposal("v1.3.0@400").orElseThrow().status()).isEqualTo(ProposalStatus.REJECTED);
        assertThat(only(reached, ApprovalCancelled.class)).singleElement()
                .satisfies(c -> {
                    assertThat(c.approval().statusReason()).isEqualTo("superseded by " + B);
                    assertThat(c.approval().supersededBy()).as("the proof: the approval that took effect").isEqualTo(B);
                    assertThat(c.approval().rejectionCertificate()).isEmpty();
                });
        assertThat(tally.proposal(B).orElseThrow().statusReason()).isEqualTo("took effect at height 150");
        assertThat(tally.apply(height(300))).as("nothing left open").isEmpty();
    }

    @Test
    void aValidatorRemovedFromTheNetworkNoLongerCounts() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));

        List<ValidatorInfo> withoutFirst = tally.network().validators().subList(1, 4);
        List<TallyEvent> changed = tally.apply(new TallyInput.NetworkChanged(network(ApprovalRule.GREATER, withoutFirst), TallyFixture.T0));
        ProposalRecord pending = changes(changed).get(0);
        assertThat(pending.approvers()).containsExactly(key(2));
        assertThat(pending.approvingPower()).isEqualTo(10);
        assertThat(pending.totalPower()).isEqualTo(30);
        assertThat(only(tally.apply(approve(1, "v1.1.0", 200)), InputIgnored.class)).as("no longer a validator").hasSize(1);

        assertThat(only(tally.apply(approve(3, "v1.1.0", 200)), ApprovalIssued.class)).as("20 of 30 is not more than 2/3").isEmpty();
        assertThat(only(tally.apply(approve(4, "v1.1.0", 200)), ApprovalIssued.class)).hasSize(1);
    }

    @Test
    void aSmallerValidatorSetCanApproveAPendingProposal() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(1, "v1.1.0", 200));
        tally.apply(approve(2, "v1.1.0", 200));

        List<ValidatorInfo> firstTwo = List.of(tally.network().validators().get(0), tally.network().validators().get(1),
                new ValidatorInfo("validator-3", key(3), 0));
        List<TallyEvent> events = tally.apply(new TallyInput.NetworkChanged(network(ApprovalRule.GREATER, firstTwo), TallyFixture.T0));
        assertThat(only(events, ApprovalIssued.class)).singleElement()
                .satisfies(a -> assertThat(a.approval().totalPower()).isEqualTo(20));
    }

    @Test
    void aRemovedValidatorsOnlyApprovalRejectsTheProposal() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        tally.apply(approve(4, "v1.1.0", 200));
        List<TallyEvent> events = tally.apply(new TallyInput.NetworkChanged(
                network(ApprovalRule.GREATER, tally.network().validators().subList(0, 3)), TallyFixture.T0));
        assertThat(changes(events)).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(ProposalStatus.REJECTED));
    }

    @Test
    void oneApprovalPerHeightWhileItStands() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 10, 10));
        for (int v = 1; v <= 3; v++) {
            tally.apply(approve(v, "v1.1.0", 200));
        }
        for (int v = 1; v <= 3; v++) {
            assertThat(only(tally.apply(approve(v, "v1.5.0", 200)), ApprovalIssued.class)).isEmpty();
        }
        tally.apply(reject(4, A));
        tally.apply(reject(1, A));
        List<TallyEvent> freed = tally.apply(reject(2, A));
        assertThat(only(freed, ApprovalCancelled.class)).hasSize(1);
        assertThat(only(freed, ApprovalIssued.class)).singleElement()
                .satisfies(a -> assertThat(a.approval().proposalId()).isEqualTo("v1.5.0@200"));
    }

    @Test
    void inputsThatCannotCountChangeNothing() {
        Tally tally = new Tally(network(ApprovalRule.GREATER, 10, 10, 0));
        assertThat(only(tally.apply(approve(9, "v1.1.0", 200)), InputIgnored.class)).as("unknown signer").hasSize(1);
        assertThat(only(tally.apply(approve(3, "v1.1.0", 200)), InputIgnored.class)).as("no voting power").hasSize(1);
        assertThat(only(tally.apply(approve(1, "v0.9.0", 200)), InputIgnored.class)).as("downgrade").hasSize(1);
        assertThat(only(tally.apply(approve(1, "not-a-tag", 200)), InputIgnored.class)).as("bad tag").hasSize(1);
        assertThat(only(tally.apply(reject(1, "v9.9.9@999")), InputIgnored.class)).as("unknown proposal").hasSize(1);
        tally.apply(approve(1, "v1.1.0", 200));
        assertThat(only(tally.apply(approve(1, "v1.1.0", 200)), InputIgnored.class)).as("same vote twice").hasSize(1);
        assertThat(tally.proposals()).hasSize(1);
    }
}
