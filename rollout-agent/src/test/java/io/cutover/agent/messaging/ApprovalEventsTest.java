package io.cutover.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cutover.agent.domain.Event;
import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RecoveryPlan;
import io.cutover.agent.domain.Rollout;
import io.cutover.agent.domain.RolloutState;
import io.cutover.core.events.EventJson;
import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RecoveryApproval;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;

/** What an agent makes of upgrade.approvals records: cancellations are acted on only with their proof. */
class ApprovalEventsTest {

    private static final String CHAIN = "cutover-devnet";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<ReleaseArtifact> ARTIFACTS = List.of(ReleaseArtifact.newBuilder()
            .setPlatform("linux/amd64").setSha256("ab".repeat(32)).setUrl("http://127.0.0.1/v1.1.0").build());

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final NetworkConfig network;
    private final ApprovalEvents events;

    ApprovalEventsTest() {
        Random random = new Random(3);
        List<ValidatorInfo> validators = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            signers.add(new TransactionSigner(seed));
            validators.add(new ValidatorInfo("validator-" + i, signers.get(i - 1).publicKeyHex(), 10));
        }
        network = new NetworkConfig(CHAIN, ReleaseTag.parse("v1.0.0").orElseThrow(),
                new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 10, 150, validators);
        events = new ApprovalEvents(network);
    }

    @Test
    void aForgedCancellationIsIgnoredAndReportedAndThePendingUpgradeStays() {
        Approval approval = approval("v1.1.0", 500);
        RolloutState s = apply(RolloutState.initial("genesis", NOW), events.of(approval));
        assertThat(s.phase()).isEqualTo(Phase.SCHEDULED);

        Approval forged = approval.toBuilder().setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED).build();
        Event event = events.of(CHAIN + "/500", EventJson.write(forged)).orElseThrow();
        assertThat(event).isInstanceOf(Event.TargetRefused.class);
        s = apply(s, event);
        assertThat(s.phase()).as("the upgrade is still pending").isEqualTo(Phase.SCHEDULED);
        assertThat(s.target().proposalId()).isEqualTo(approval.getProposalId());
        assertThat(s.lastError()).contains("unverifiable cancellation ignored", "UNPROVEN_CANCELLATION", approval.getProposalId());

        Approval tooFew = forged.toBuilder().addRejectionCertificate(rejection(approval.getProposalId(), 0)).build();
        assertThat(events.of(tooFew)).isInstanceOf(Event.TargetRefused.class);
        assertThat(((Event.TargetRefused) events.of(tooFew)).reason()).contains("INSUFFICIENT_POWER");
    }

    @Test
    void rejectionsHoldingTheThresholdCancelThePendingUpgrade() {
        Approval approval = approval("v1.1.0", 500);
        RolloutState s = apply(RolloutState.initial("genesis", NOW), events.of(approval));
        Approval cancelled = approval.toBuilder().setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED)
                .addRejectionCertificate(rejection(approval.getProposalId(), 0))
                .addRejectionCertificate(rejection(approval.getProposalId(), 1))
                .addRejectionCertificate(rejection(approval.getProposalId(), 2)).build();
        Event event = events.of(cancelled);
        assertThat(event).isEqualTo(new Event.TargetWithdrawn(approval.getProposalId(), 500));
        s = apply(s, event);
        assertThat(s.phase()).isEqualTo(Phase.RUNNING);
        assertThat(s.target()).isNull();
    }

    @Test
    void aCancellationByAnEarlierApprovalCountsOnlyOnceThatApprovalVerifiedHere() {
        Approval later = approval("v1.1.0", 500);
        Approval earlier = approval("v1.2.0", 400);
        Approval superseded = later.toBuilder().setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED)
                .setSupersededBy(earlier.getProposalId()).build();
        events.of(later);
        assertThat(events.of(superseded)).as("the earlier approval was never seen").isInstanceOf(Event.TargetRefused.class);

        Approval unverifiedEarlier = earlier.toBuilder().clearQuorumCertificate().build();
        assertThat(events.of(unverifiedEarlier)).isInstanceOf(Event.TargetRefused.class);
        assertThat(events.of(superseded)).as("its certificate did not verify").isInstanceOf(Event.TargetRefused.class);

        assertThat(events.of(earlier)).isInstanceOf(Event.TargetAnnounced.class);
        assertThat(events.of(superseded)).isEqualTo(new Event.TargetWithdrawn(later.getProposalId(), 500));
    }

    @Test
    void aVerifiedRecoveryBecomesARecoveryPlanNeverATarget() {
        Approval failed = approval("v1.1.0", 500);
        UpgradeRecovery recovery = UpgradeRecovery.newBuilder().setUpgradeId(failed.getProposalId())
                .setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build();
        Approval.Builder back = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(failed.getProposalId() + "/return").setHeight(500).setRecovery(RecoveryApproval.newBuilder()
                        .setUpgradeId(failed.getProposalId()).setAction(RecoveryAction.RECOVERY_ACTION_RETURN).setFailedReleaseTag("v1.1.0"));
        for (int i = 0; i < 3; i++) {
            InputData input = InputData.newBuilder().setNonce(200 + i).setBlockHeight(500).setUpgradeRecovery(recovery).build();
            back.addQuorumCertificate(signers.get(i).signV3(CHAIN, input).toByteString());
        }
        assertThat(events.of(back.build())).isEqualTo(new Event.RecoveryApproved(new RecoveryPlan(failed.getProposalId() + "/return",
                failed.getProposalId(), RecoveryPlan.Action.RETURN, 500, null, "v1.1.0")));
        Approval all = back.build();
        Event tooFew = events.of(all.toBuilder().clearQuorumCertificate().addAllQuorumCertificate(all.getQuorumCertificateList().subList(0, 2))
                .build());
        assertThat(tooFew).isInstanceOfSatisfying(Event.TargetRefused.class, r -> assertThat(r.reason()).contains("INSUFFICIENT_POWER"));
    }

    private static RolloutState apply(RolloutState s, Event event) {
        return Rollout.next(s, event, NOW, new Rollout.Policy(3, false));
    }

    private Approval approval(String tag, long height) {
        InputData input = InputData.newBuilder().setBlockHeight(100).setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                .setVegaReleaseTag(tag).setUpgradeBlockHeight(height).addAllArtifacts(ARTIFACTS)).build();
        Approval.Builder approval = Approval.newBuilder().setChainId(CHAIN).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(ProposalId.of(tag, height, ARTIFACTS)).setReleaseTag(tag).setHeight(height).addAllArtifacts(ARTIFACTS);
        for (int i = 0; i < 3; i++) {
            approval.addQuorumCertificate(signers.get(i).signV3(CHAIN, input.toBuilder().setNonce(i + 1L).build()).toByteString());
        }
        return approval.build();
    }

    private com.google.protobuf.ByteString rejection(String proposalId, int signer) {
        InputData input = InputData.newBuilder().setNonce(100 + signer).setBlockHeight(100)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(proposalId)).build();
        return signers.get(signer).signV3(CHAIN, input).toByteString();
    }
}
