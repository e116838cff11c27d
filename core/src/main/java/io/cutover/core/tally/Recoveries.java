package io.cutover.core.tally;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.TallyEvent.InputIgnored;
import io.cutover.core.tally.TallyEvent.RecoveryApproved;
import io.cutover.core.tally.TallyEvent.RecoveryChanged;
import io.cutover.core.tally.TallyState.RecoveryState;
import io.cutover.core.tally.TallyState.SignedVote;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * The recoveries of upgrades that failed at their height, tallied like upgrades: by voting power with
 * the network's threshold, one recovery vote per validator and failed upgrade (a later vote moves it),
 * final once approved. A recovery still pending when the network moves past its height is rejected.
 * The signer is checked by {@link Tally} before a vote reaches here. Not thread-safe.
 */
final class Recoveries {

    private final Map<String, Tracked> byId = new LinkedHashMap<>();

    private static final class Tracked {
        final String id;
        final String upgradeId;
        final RecoveryAction action;
        final String failedTag;
        final String releaseTag;
        final long height;
        final List<ReleaseArtifact> artifacts;
        final Instant createdAt;
        final Map<String, byte[]> approvers = new LinkedHashMap<>();
        Instant updatedAt;
        ProposalStatus status = ProposalStatus.PENDING;
        String statusReason = "collecting votes";
        ApprovalRecord approval;

        Tracked(String id, String upgradeId, RecoveryAction action, String failedTag, String releaseTag, long height,
                List<ReleaseArtifact> artifacts, Instant createdAt) {
            this.id = id;
            this.upgradeId = upgradeId;
            this.action = action;
            this.failedTag = failedTag;
            this.releaseTag = releaseTag;
            this.height = height;
            this.artifacts = List.copyOf(artifacts);
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }

        RecoveryRecord record(NetworkConfig network) {
            List<String> keys = approvers.keySet().stream().sorted().toList();
            long power = approval != null ? approval.approvingPower() : powerOf(network, keys);
            return new RecoveryRecord(id, upgradeId, action, failedTag, releaseTag, height, artifacts, status, keys, power,
                    network.totalVotingPower(), network.threshold(), statusReason, createdAt, updatedAt);
        }
    }

    List<RecoveryRecord> records(NetworkConfig network) {
        return byId.values().stream().map(r -> r.record(network)).toList();
    }

    Optional<RecoveryRecord> record(String recoveryId, NetworkConfig network) {
        return Optional.ofNullable(byId.get(recoveryId)).map(r -> r.record(network));
    }

    void vote(TallyInput.Recover vote, NetworkConfig network, long networkHeight, List<TallyEvent> events) {
        Optional<ProposalId.Upgrade> failed = ProposalId.upgrade(vote.upgradeId());
        if (failed.isEmpty() || vote.action() == RecoveryAction.RECOVERY_ACTION_UNSPECIFIED) {
            events.add(new InputIgnored("recovery of \"" + vote.upgradeId() + "\" names no upgrade or no action"));
            return;
        }
        long height = failed.get().height();
        if (Long.compareUnsigned(networkHeight, height) > 0) {
            events.add(new InputIgnored("recovery of " + vote.upgradeId() + ": the network already moved past height " + height));
            return;
        }
        boolean hotFix = vote.action() == RecoveryAction.RECOVERY_ACTION_HOT_FIX;
        Optional<ReleaseTag> failedTag = failed.get().tag(); // a Cosmos plan's name need not be a release: any fix is newer then
        if (hotFix && ReleaseTag.parse(vote.releaseTag()).filter(tag -> failedTag.isEmpty() || tag.compareTo(failedTag.get()) > 0).isEmpty()) {
            events.add(new InputIgnored("hot-fix \"" + vote.releaseTag() + "\" is not a release newer than " + failed.get().name()));
            return;
        }
        String id = hotFix ? RecoveryId.hotFix(vote.upgradeId(), vote.releaseTag(), vote.artifacts()) : RecoveryId.returnToPrevious(vote.upgradeId());
        Tracked recovery = byId.get(id);
        if (recovery != null && recovery.status != ProposalStatus.PENDING) {
            events.add(new InputIgnored(id + " is closed (" + recovery.status + ")"));
            return;
        }
        if (recovery != null && recovery.approvers.containsKey(vote.signer())) {
            events.add(new InputIgnored(vote.signer() + " already votes for " + id));
            return;
        }
        for (Tracked other : List.copyOf(byId.values())) {
            if (other.upgradeId.equals(vote.upgradeId()) && other.status == ProposalStatus.PENDING && other.approvers.remove(vote.signer()) != null) {
                settle(other, network, vote.at(), events);
            }
        }
        if (recovery == null) {
            recovery = new Tracked(id, vote.upgradeId(), vote.action(), failed.get().name(), hotFix ? vote.releaseTag() : "", height,
                    hotFix ? vote.artifacts() : List.of(), vote.at());
            byId.put(id, recovery);
        }
        recovery.approvers.put(vote.signer(), vote.rawTx());
        settle(recovery, network, vote.at(), events);
    }

    /** Pending recoveries of upgrades below {@code height} can no longer apply: the network moved on. */
    void heightReached(long height, Instant at, NetworkConfig network, List<TallyEvent> events) {
        for (Tracked recovery : byId.values()) {
            if (recovery.status == ProposalStatus.PENDING && Long.compareUnsigned(recovery.height, height) < 0) {
                close(recovery, "the network moved past height " + Long.toUnsignedString(recovery.height) + " before it was approved", at,
                        network, events);
            }
        }
    }

    /** New validators, powers or threshold: pending recoveries drop votes that no longer count and are judged again. */
    void networkChanged(NetworkConfig network, Instant at, List<TallyEvent> events) {
        for (Tracked recovery : List.copyOf(byId.values())) {
            if (recovery.status == ProposalStatus.PENDING) {
                boolean dropped = recovery.approvers.keySet()
                        .removeIf(key -> network.validator(key).filter(ValidatorInfo::isConsensusValidator).isEmpty());
                long power = powerOf(network, List.copyOf(recovery.approvers.keySet()));
                if (dropped || network.threshold().isMetBy(power, network.totalVotingPower())) {
                    settle(recovery, network, at, events);
                }
            }
        }
    }

    private void settle(Tracked recovery, NetworkConfig network, Instant at, List<TallyEvent> events) {
        recovery.updatedAt = at;
        if (recovery.approvers.isEmpty()) {
            close(recovery, "no approvers left", at, network, events);
            return;
        }
        List<String> signers = recovery.approvers.keySet().stream().sorted().toList();
        long power = powerOf(network, signers);
        long total = network.totalVotingPower();
        if (!network.threshold().isMetBy(power, total)) {
            events.add(new RecoveryChanged(recovery.record(network)));
            return;
        }
        recovery.status = ProposalStatus.APPROVED;
        recovery.statusReason = "approved by validators holding " + power + " of " + total + " voting power (" + network.threshold() + ")";
        recovery.approval = new ApprovalRecord(false, recovery.id, recovery.releaseTag, recovery.height, recovery.artifacts,
                signers.stream().map(recovery.approvers::get).toList(), power, total, network.threshold(), at, recovery.statusReason,
                List.of(), null);
        RecoveryRecord record = recovery.record(network);
        events.add(new RecoveryChanged(record));
        events.add(new RecoveryApproved(record, recovery.approval));
    }

    private static void close(Tracked recovery, String reason, Instant at, NetworkConfig network, List<TallyEvent> events) {
        recovery.status = ProposalStatus.REJECTED;
        recovery.statusReason = reason;
        recovery.updatedAt = at;
        events.add(new RecoveryChanged(recovery.record(network)));
    }

    private static long powerOf(NetworkConfig network, List<String> keys) {
        return keys.stream().mapToLong(k -> network.validator(k).map(ValidatorInfo::votingPower).orElse(0L)).sum();
    }

    List<RecoveryState> state() {
        return byId.values().stream().map(r -> new RecoveryState(r.id, r.upgradeId, r.action, r.failedTag, r.releaseTag, r.height,
                r.artifacts, r.createdAt, r.updatedAt, r.status, r.statusReason,
                r.approvers.entrySet().stream().map(e -> new SignedVote(e.getKey(), e.getValue())).toList(),
                Optional.ofNullable(r.approval))).toList();
    }

    static Recoveries restore(List<RecoveryState> states) {
        Recoveries recoveries = new Recoveries();
        for (RecoveryState s : states) {
            Tracked r = new Tracked(s.recoveryId(), s.upgradeId(), s.action(), s.failedReleaseTag(), s.releaseTag(), s.height(),
                    s.artifacts(), s.createdAt());
            s.approvers().forEach(v -> r.approvers.put(v.validatorKey(), v.rawTx()));
            r.updatedAt = s.updatedAt();
            r.status = s.status();
            r.statusReason = s.statusReason();
            r.approval = s.approval().orElse(null);
            recoveries.byId.put(r.id, r);
        }
        return recoveries;
    }
}
