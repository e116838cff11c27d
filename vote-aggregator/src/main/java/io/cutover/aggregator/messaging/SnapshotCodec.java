package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;

import io.cutover.aggregator.domain.AggregationState;
import io.cutover.core.height.HeightReport;
import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.network.Threshold;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.ApprovalRecord;
import io.cutover.core.tally.ProposalStatus;
import io.cutover.core.tally.TallyState;
import io.cutover.core.tally.TallyState.CurrentVote;
import io.cutover.core.tally.TallyState.ProposalState;
import io.cutover.core.tally.TallyState.RecoveryState;
import io.cutover.core.tally.TallyState.SignedVote;
import io.cutover.proto.internal.AggregationSnapshot;
import io.cutover.proto.internal.AggregatorSnapshot;
import io.cutover.proto.internal.SeenTransactions;
import io.cutover.proto.internal.TrackedProposal;
import io.cutover.proto.internal.TrackedRecovery;

/**
 * {@link AppliedInputs} to the bytes of an {@link AggregatorSnapshot} and back. The network is stored
 * as its network.toml text plus the release in force, so a restore parses it the way live processing did.
 */
final class SnapshotCodec {

    /** A snapshot read back: the state, and where in the journal the inputs after it start. */
    record Restored(AppliedInputs state, String journalTopic, long nextJournalOffset) {
    }

    private SnapshotCodec() {
    }

    static byte[] write(AppliedInputs state, String journalTopic, long nextJournalOffset) {
        AggregatorSnapshot.Builder snapshot = AggregatorSnapshot.newBuilder().setJournalTopic(journalTopic)
                .setNextJournalOffset(nextJournalOffset).setNetworkToml(state.networkText().orElse(""))
                .addAllAgents(state.agents());
        state.aggregation().ifPresent(a -> snapshot.setAggregation(aggregation(a.state())));
        return snapshot.build().toByteArray();
    }

    static Restored read(byte[] bytes, Duration maxReportAge, boolean heightFromAgents) throws InvalidProtocolBufferException {
        AggregatorSnapshot snapshot = AggregatorSnapshot.parseFrom(bytes);
        Optional<String> toml = snapshot.getNetworkToml().isEmpty() ? Optional.empty() : Optional.of(snapshot.getNetworkToml());
        Optional<AggregationState> aggregation = snapshot.hasAggregation()
                ? Optional.of(aggregation(snapshot.getAggregation(), network(toml.orElseThrow(), snapshot.getAggregation().getCurrentRelease())))
                : Optional.empty();
        AppliedInputs state = AppliedInputs.restore(toml, snapshot.getAgentsList(), aggregation, maxReportAge, heightFromAgents);
        return new Restored(state, snapshot.getJournalTopic(), snapshot.getNextJournalOffset());
    }

    private static AggregationSnapshot aggregation(AggregationState state) {
        TallyState tally = state.tally();
        AggregationSnapshot.Builder b = AggregationSnapshot.newBuilder().setCurrentRelease(tally.network().currentRelease().text())
                .setNetworkHeight(tally.networkHeight()).setLatestReport(timestamp(state.latestReport()));
        tally.proposals().forEach(p -> b.addProposals(proposal(p)));
        tally.votes().forEach(v -> b.addVotes(io.cutover.proto.internal.CurrentVote.newBuilder()
                .setValidatorKey(v.validatorKey()).setProposalId(v.proposalId())));
        state.heightReports().forEach(r -> b.addHeightReports(io.cutover.proto.internal.HeightReport.newBuilder()
                .setValidatorKey(r.validatorKey()).setHeight(r.height()).setReportedAt(timestamp(r.reportedAt()))));
        state.seenTransactions().forEach((height, hashes) -> b.addSeen(SeenTransactions.newBuilder().setBlockHeight(height).addAllTxHashes(hashes)));
        tally.recoveries().forEach(r -> b.addRecoveries(recovery(r)));
        return b.build();
    }

    private static AggregationState aggregation(AggregationSnapshot s, NetworkConfig network) {
        List<ProposalState> proposals = s.getProposalsList().stream().map(SnapshotCodec::proposal).toList();
        List<CurrentVote> votes = s.getVotesList().stream().map(v -> new CurrentVote(v.getValidatorKey(), v.getProposalId())).toList();
        List<HeightReport> reports = s.getHeightReportsList().stream()
                .map(r -> new HeightReport(r.getValidatorKey(), r.getHeight(), instant(r.getReportedAt()))).toList();
        SortedMap<Long, List<String>> seen = new TreeMap<>();
        s.getSeenList().forEach(entry -> seen.put(entry.getBlockHeight(), entry.getTxHashesList()));
        List<RecoveryState> recoveries = s.getRecoveriesList().stream().map(SnapshotCodec::recovery).toList();
        return new AggregationState(new TallyState(network, s.getNetworkHeight(), proposals, votes, recoveries), reports,
                instant(s.getLatestReport()), seen);
    }

    private static TrackedProposal proposal(ProposalState p) {
        TrackedProposal.Builder b = TrackedProposal.newBuilder().setProposalId(p.proposalId()).setReleaseTag(p.releaseTag())
                .setHeight(p.height()).addAllArtifacts(p.artifacts()).setCreatedAt(timestamp(p.createdAt()))
                .setUpdatedAt(timestamp(p.updatedAt())).setStatus(p.status().name()).setStatusReason(p.statusReason())
                .addAllCertifiedApprovers(p.certifiedApprovers()).setTakenEffect(p.takenEffect())
                .setReleaseBefore(p.releaseBefore());
        p.approvers().forEach(v -> b.addApprovers(signed(v)));
        p.rejecters().forEach(v -> b.addRejecters(signed(v)));
        p.approval().ifPresent(a -> b.setApproval(approval(a)));
        return b.build();
    }

    private static ProposalState proposal(TrackedProposal p) {
        return new ProposalState(p.getProposalId(), p.getReleaseTag(), p.getHeight(), p.getArtifactsList(), instant(p.getCreatedAt()),
                instant(p.getUpdatedAt()), ProposalStatus.valueOf(p.getStatus()), p.getStatusReason(),
                p.getApproversList().stream().map(SnapshotCodec::signed).toList(),
                p.getRejectersList().stream().map(SnapshotCodec::signed).toList(),
                p.hasApproval() ? Optional.of(approval(p.getApproval())) : Optional.empty(), p.getCertifiedApproversList(), p.getTakenEffect(),
                p.getReleaseBefore());
    }

    private static TrackedRecovery recovery(RecoveryState r) {
        TrackedRecovery.Builder b = TrackedRecovery.newBuilder().setRecoveryId(r.recoveryId()).setUpgradeId(r.upgradeId())
                .setAction(r.action()).setFailedReleaseTag(r.failedReleaseTag()).setReleaseTag(r.releaseTag()).setHeight(r.height())
                .addAllArtifacts(r.artifacts()).setCreatedAt(timestamp(r.createdAt())).setUpdatedAt(timestamp(r.updatedAt()))
                .setStatus(r.status().name()).setStatusReason(r.statusReason());
        r.approvers().forEach(v -> b.addApprovers(signed(v)));
        r.approval().ifPresent(a -> b.setApproval(approval(a)));
        return b.build();
    }

    private static RecoveryState recovery(TrackedRecovery r) {
        return new RecoveryState(r.getRecoveryId(), r.getUpgradeId(), r.getAction(), r.getFailedReleaseTag(), r.getReleaseTag(), r.getHeight(),
                r.getArtifactsList(), instant(r.getCreatedAt()), instant(r.getUpdatedAt()), ProposalStatus.valueOf(r.getStatus()),
                r.getStatusReason(), r.getApproversList().stream().map(SnapshotCodec::signed).toList(),
                r.hasApproval() ? Optional.of(approval(r.getApproval())) : Optional.empty());
    }

    private static io.cutover.proto.internal.ApprovalRecord approval(ApprovalRecord a) {
        return io.cutover.proto.internal.ApprovalRecord.newBuilder().setCancelled(a.cancelled()).setProposalId(a.proposalId())
                .setReleaseTag(a.releaseTag()).setHeight(a.height()).addAllArtifacts(a.artifacts())
                .addAllQuorumCertificate(a.quorumCertificate().stream().map(ByteString::copyFrom).toList())
                .setApprovingPower(a.approvingPower()).setTotalPower(a.totalPower())
                .setThreshold(a.threshold().fraction().toString()).setApprovalRule(a.threshold().rule().configName())
                .setApprovedAt(timestamp(a.approvedAt())).setStatusReason(a.statusReason())
                .addAllRejectionCertificate(a.rejectionCertificate().stream().map(ByteString::copyFrom).toList())
                .setSupersededBy(a.supersededBy()).build();
    }

    private static ApprovalRecord approval(io.cutover.proto.internal.ApprovalRecord a) {
        Threshold threshold = new Threshold(Fraction.parse(a.getThreshold()).orElseThrow(() -> invalid("threshold " + a.getThreshold())),
                ApprovalRule.fromConfigName(a.getApprovalRule()).orElseThrow(() -> invalid("approval rule " + a.getApprovalRule())));
        return new ApprovalRecord(a.getCancelled(), a.getProposalId(), a.getReleaseTag(), a.getHeight(), a.getArtifactsList(),
                a.getQuorumCertificateList().stream().map(ByteString::toByteArray).toList(), a.getApprovingPower(), a.getTotalPower(),
                threshold, instant(a.getApprovedAt()), a.getStatusReason(),
                a.getRejectionCertificateList().stream().map(ByteString::toByteArray).toList(), a.getSupersededBy());
    }

    private static io.cutover.proto.internal.SignedVote signed(SignedVote v) {
        return io.cutover.proto.internal.SignedVote.newBuilder().setValidatorKey(v.validatorKey()).setRawTx(ByteString.copyFrom(v.rawTx())).build();
    }

    private static SignedVote signed(io.cutover.proto.internal.SignedVote v) {
        return new SignedVote(v.getValidatorKey(), v.getRawTx().toByteArray());
    }

    private static NetworkConfig network(String toml, String currentRelease) {
        NetworkConfig parsed = NetworkConfigParser.parse(toml, "network.toml of the snapshot").orThrow();
        return parsed.withCurrentRelease(ReleaseTag.parse(currentRelease).orElseThrow(() -> invalid("current release " + currentRelease)));
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("the snapshot holds an invalid " + what);
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
