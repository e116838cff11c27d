package io.cutover.core.tally;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.core.tally.TallyEvent.ApprovalCancelled;
import io.cutover.core.tally.TallyEvent.ApprovalIssued;
import io.cutover.core.tally.TallyEvent.InputIgnored;
import io.cutover.core.tally.TallyEvent.ProposalChanged;
import io.cutover.core.tally.TallyEvent.ReleaseAdvanced;
import io.cutover.proto.v1.RecoveryAction;

/**
 * The deterministic state machine of DESIGN.md "Transactions": one vote per validator (a later
 * vote moves it), withdrawal by proposing the current release, rejections, approval by voting
 * power, expiry at the height, cancellation by threshold rejections, and "earliest height wins".
 * The same inputs in the same order always give the same events. Not thread-safe.
 */
public final class Tally {

    private NetworkConfig network;
    private long networkHeight;
    private final Map<String, TrackedProposal> proposals = new LinkedHashMap<>();
    /** Each validator's current vote: validator key → proposal id (one vote per validator). */
    private final Map<String, String> voteOf = new HashMap<>();
    private Recoveries recoveries = new Recoveries();

    public Tally(NetworkConfig network) {
        this.network = network;
    }

    /** This tally's whole state, as values (for a snapshot). */
    public TallyState state() {
        return new TallyState(network, networkHeight, proposals.values().stream().map(TrackedProposal::state).toList(),
                voteOf.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> new TallyState.CurrentVote(e.getKey(), e.getValue())).toList(),
                recoveries.state());
    }

    /** The tally that {@link #state()} was taken of: the same inputs from here on give the same events. */
    public static Tally restore(TallyState state) {
        Tally tally = new Tally(state.network());
        tally.networkHeight = state.networkHeight();
        state.proposals().forEach(p -> tally.proposals.put(p.proposalId(), TrackedProposal.restore(p)));
        state.votes().forEach(v -> tally.voteOf.put(v.validatorKey(), v.proposalId()));
        tally.recoveries = Recoveries.restore(state.recoveries());
        return tally;
    }

    public NetworkConfig network() {
        return network;
    }

    /** The highest height the network is known to have reached; 0 before any observation. */
    public long networkHeight() {
        return networkHeight;
    }

    public Optional<ProposalRecord> proposal(String proposalId) {
        return Optional.ofNullable(proposals.get(proposalId)).map(p -> p.snapshot(network));
    }

    /** Every proposal ever seen, in the order they appeared. */
    public List<ProposalRecord> proposals() {
        return proposals.values().stream().map(p -> p.snapshot(network)).toList();
    }

    /** Every recovery ever seen, in the order they appeared. */
    public List<RecoveryRecord> recoveries() {
        return recoveries.records(network);
    }

    public Optional<RecoveryRecord> recovery(String recoveryId) {
        return recoveries.record(recoveryId, network);
    }

    public List<TallyEvent> apply(TallyInput input) {
        List<TallyEvent> events = new ArrayList<>();
        if (input instanceof TallyInput.Approve approve) {
            approve(approve, events);
        } else if (input instanceof TallyInput.Reject reject) {
            reject(reject, events);
        } else if (input instanceof TallyInput.Recover recover) {
            recover(recover, events);
        } else if (input instanceof TallyInput.HeightReached reached) {
            heightReached(reached.height(), reached.at(), events);
            recoveries.heightReached(networkHeight, reached.at(), network, events);
        } else if (input instanceof TallyInput.NetworkChanged changed) {
            networkChanged(changed.network(), changed.at(), events);
            recoveries.networkChanged(network, changed.at(), events);
        }
        return List.copyOf(events);
    }

    private void approve(TallyInput.Approve vote, List<TallyEvent> events) {
        Optional<String> notAllowed = notAVoter(vote.signer());
        if (notAllowed.isPresent()) {
            events.add(new InputIgnored(notAllowed.get()));
            return;
        }
        Optional<ReleaseTag> tag = ReleaseTag.parse(vote.releaseTag());
        if (tag.isEmpty()) {
            events.add(new InputIgnored("\"" + vote.releaseTag() + "\" is not a release tag"));
            return;
        }
        if (tag.get().sameVersionAs(network.currentRelease())) {
            if (!withdraw(vote.signer(), vote.at(), events)) {
                events.add(new InputIgnored(vote.signer() + " has no vote to withdraw"));
            }
            return;
        }
        if (tag.get().compareTo(network.currentRelease()) < 0) {
            events.add(new InputIgnored(vote.releaseTag() + " is older than the current release " + network.currentRelease()));
            return;
        }
        String id = ProposalId.of(vote.releaseTag(), vote.height(), vote.artifacts());
        TrackedProposal proposal = proposals.get(id);
        if (proposal == null) {
            if (Long.compareUnsigned(vote.height(), networkHeight) <= 0) {
                events.add(new InputIgnored(id + ": the network already reached height " + networkHeight));
                return;
            }
            proposal = new TrackedProposal(id, tag.get(), vote.height(), vote.artifacts(), vote.at());
            proposals.put(id, proposal);
        } else if (!proposal.isOpen()) {
            events.add(new InputIgnored(id + " is closed (" + proposal.status + ")"));
            return;
        } else if (id.equals(voteOf.get(vote.signer()))) {
            events.add(new InputIgnored(vote.signer() + " already votes for " + id));
            return;
        }
        withdraw(vote.signer(), vote.at(), events);
        voteOf.put(vote.signer(), id);
        boolean changed = proposal.rejecters.remove(vote.signer()) != null;
        if (proposal.status == ProposalStatus.PENDING) {
            proposal.approvers.put(vote.signer(), vote.rawTx());
            changed = true;
        }
        if (changed) {
            settle(proposal, vote.at(), events);
        }
    }

    /**
     * A recovery vote. An approved hot-fix becomes the current release; an approved return of an upgrade
     * that took effect here makes the release before it current again (the nodes run it, the upgrade skipped).
     */
    private void recover(TallyInput.Recover vote, List<TallyEvent> events) {
        Optional<String> notAllowed = notAVoter(vote.signer());
        if (notAllowed.isPresent()) {
            events.add(new InputIgnored(notAllowed.get()));
            return;
        }
        int before = events.size();
        recoveries.vote(vote, network, networkHeight, events);
        List<RecoveryRecord> approved = events.subList(before, events.size()).stream()
                .filter(TallyEvent.RecoveryApproved.class::isInstance)
                .map(e -> ((TallyEvent.RecoveryApproved) e).recovery()).toList();
        for (RecoveryRecord r : approved) {
            if (r.action() == RecoveryAction.RECOVERY_ACTION_RETURN) {
                Optional.ofNullable(proposals.get(r.upgradeId())).filter(p -> p.takenEffect && p.releaseBefore != null)
                        .ifPresent(p -> network = network.withCurrentRelease(p.releaseBefore));
            } else {
                ReleaseTag.parse(r.releaseTag()).filter(fix -> fix.compareTo(network.currentRelease()) > 0)
                        .ifPresent(fix -> network = network.withCurrentRelease(fix));
            }
        }
    }

    private void reject(TallyInput.Reject rejection, List<TallyEvent> events) {
        Optional<String> notAllowed = notAVoter(rejection.signer());
        if (notAllowed.isPresent()) {
            events.add(new InputIgnored(notAllowed.get()));
            return;
        }
        TrackedProposal proposal = proposals.get(rejection.proposalId());
        if (proposal == null || !proposal.isOpen()) {
            events.add(new InputIgnored(rejection.proposalId() + (proposal == null ? " is unknown" : " is closed")));
            return;
        }
        if (proposal.rejecters.containsKey(rejection.signer())) {
            events.add(new InputIgnored(rejection.signer() + " already rejects " + proposal.id));
            return;
        }
        voteOf.remove(rejection.signer(), proposal.id);
        proposal.approvers.remove(rejection.signer());
        proposal.rejecters.put(rejection.signer(), rejection.rawTx());
        settle(proposal, rejection.at(), events);
    }

    /** Takes the signer's vote off the proposal it is on; false when it had none. */
    private boolean withdraw(String signer, Instant at, List<TallyEvent> events) {
        String previous = voteOf.remove(signer);
        if (previous == null) {
            return false;
        }
        TrackedProposal proposal = proposals.get(previous);
        if (proposal.status == ProposalStatus.PENDING && proposal.approvers.remove(signer) != null) {
            settle(proposal, at, events);
        }
        return true;
    }

    private void heightReached(long height, Instant at, List<TallyEvent> events) {
        if (Long.compareUnsigned(height, networkHeight) <= 0) {
            return;
        }
        networkHeight = height;
        List<TrackedProposal> due = openProposals().stream()
                .filter(p -> Long.compareUnsigned(p.height, height) <= 0)
                .sorted(Comparator.comparing((TrackedProposal p) -> p.height, Long::compareUnsigned).thenComparing(p -> p.id))
                .toList();
        for (TrackedProposal proposal : due) {
            if (proposal.status == ProposalStatus.APPROVED) {
                takeEffect(proposal, at, events);
                return;
            }
            close(proposal, ProposalStatus.REJECTED, "not approved by its height " + Long.toUnsignedString(proposal.height), null, at, events);
        }
    }

    /** Earliest height wins: the release advances and every other open proposal is closed. */
    private void takeEffect(TrackedProposal winner, Instant at, List<TallyEvent> events) {
        winner.releaseBefore = network.currentRelease();
        network = network.withCurrentRelease(winner.tag);
        winner.takenEffect = true;
        winner.statusReason = "took effect at height " + Long.toUnsignedString(winner.height);
        winner.updatedAt = at;
        events.add(new ProposalChanged(winner.snapshot(network)));
        events.add(new ReleaseAdvanced(winner.id, winner.tag, winner.height));
        for (TrackedProposal other : openProposals()) {
            close(other, other.status == ProposalStatus.APPROVED ? ProposalStatus.CANCELLED : ProposalStatus.REJECTED,
                    "superseded by " + winner.id, winner.id, at, events);
        }
        voteOf.clear();
    }

    private void networkChanged(NetworkConfig next, Instant at, List<TallyEvent> events) {
        ReleaseTag release = next.currentRelease().compareTo(network.currentRelease()) > 0 ? next.currentRelease() : network.currentRelease();
        network = next.withCurrentRelease(release);
        voteOf.keySet().removeIf(key -> notAVoter(key).isPresent());
        for (TrackedProposal proposal : openProposals()) {
            if (proposal.tag.compareTo(release) <= 0) {
                close(proposal, proposal.status == ProposalStatus.APPROVED ? ProposalStatus.CANCELLED : ProposalStatus.REJECTED,
                        "the network already runs " + release, null, at, events);
                continue;
            }
            ProposalRecord before = proposal.snapshot(network);
            proposal.rejecters.keySet().removeIf(key -> notAVoter(key).isPresent());
            if (proposal.status == ProposalStatus.PENDING) {
                proposal.approvers.keySet().removeIf(key -> notAVoter(key).isPresent());
            }
            if (!sameTally(before, proposal.snapshot(network)) || proposal.status == ProposalStatus.PENDING && decides(proposal)) {
                settle(proposal, at, events);
            }
        }
    }

    /** After a change to {@code proposal}'s tally: approve, reject or cancel it as the rules say, and publish it. */
    private void settle(TrackedProposal proposal, Instant at, List<TallyEvent> events) {
        proposal.updatedAt = at;
        if (proposal.status == ProposalStatus.PENDING) {
            if (proposal.approvers.isEmpty()) {
                close(proposal, ProposalStatus.REJECTED, "no approvers left", null, at, events);
                return;
            }
            if (decides(proposal)) {
                approveNow(proposal, at, events);
                return;
            }
        } else if (proposal.status == ProposalStatus.APPROVED && cancelledByRejections(proposal)) {
            close(proposal, ProposalStatus.CANCELLED, "rejected by validators holding " + powerOf(proposal.rejecters.keySet())
                    + " of " + network.totalVotingPower() + " voting power (" + network.threshold() + ")", null, at, events);
            return;
        }
        events.add(new ProposalChanged(proposal.snapshot(network)));
    }

    private boolean decides(TrackedProposal proposal) {
        boolean heightTaken = openProposals().stream()
                .anyMatch(p -> p != proposal && p.status == ProposalStatus.APPROVED && p.height == proposal.height);
        return !heightTaken && network.threshold().isMetBy(powerOf(proposal.approvers.keySet()), network.totalVotingPower());
    }

    private boolean cancelledByRejections(TrackedProposal proposal) {
        return network.threshold().isMetBy(powerOf(proposal.rejecters.keySet()), network.totalVotingPower());
    }

    private void approveNow(TrackedProposal proposal, Instant at, List<TallyEvent> events) {
        List<String> signers = proposal.approvers.keySet().stream().sorted().toList();
        long power = powerOf(signers);
        long total = network.totalVotingPower();
        proposal.status = ProposalStatus.APPROVED;
        proposal.certifiedApprovers = signers;
        proposal.statusReason = "approved by validators holding " + power + " of " + total + " voting power (" + network.threshold() + ")";
        proposal.approval = new ApprovalRecord(false, proposal.id, proposal.tag.text(), proposal.height, proposal.artifacts,
                signers.stream().map(proposal.approvers::get).toList(), power, total, network.threshold(), at, proposal.statusReason,
                List.of(), null);
        events.add(new ProposalChanged(proposal.snapshot(network)));
        events.add(new ApprovalIssued(proposal.approval));
    }

    /** @param supersededBy the approval that took effect first and closes {@code proposal}, or null */
    private void close(TrackedProposal proposal, ProposalStatus status, String reason, String supersededBy, Instant at,
            List<TallyEvent> events) {
        boolean wasApproved = proposal.status == ProposalStatus.APPROVED;
        proposal.status = status;
        proposal.statusReason = reason;
        proposal.updatedAt = at;
        voteOf.values().removeIf(proposal.id::equals);
        events.add(new ProposalChanged(proposal.snapshot(network)));
        if (wasApproved) {
            // the proof an agent checks: the rejections holding the threshold, or the approval that took effect first
            List<byte[]> rejections = supersededBy == null && cancelledByRejections(proposal)
                    ? proposal.rejecters.keySet().stream().sorted().map(proposal.rejecters::get).toList()
                    : List.<byte[]>of();
            events.add(new ApprovalCancelled(proposal.approval.asCancelled(reason, rejections, supersededBy)));
            // the height is free again: a pending proposal for it may now pass
            for (TrackedProposal other : openProposals()) {
                if (other.status == ProposalStatus.PENDING && other.height == proposal.height && decides(other)) {
                    approveNow(other, at, events);
                }
            }
        }
    }

    private List<TrackedProposal> openProposals() {
        return proposals.values().stream().filter(TrackedProposal::isOpen).toList();
    }

    private Optional<String> notAVoter(String key) {
        Optional<ValidatorInfo> validator = network.validator(key);
        if (validator.isEmpty()) {
            return Optional.of(key + " is not a validator of " + network.chainId());
        }
        return validator.get().isConsensusValidator() ? Optional.empty() : Optional.of(key + " has no voting power");
    }

    private long powerOf(Iterable<String> keys) {
        long power = 0;
        for (String key : keys) {
            power += network.validator(key).map(ValidatorInfo::votingPower).orElse(0L);
        }
        return power;
    }

    private static boolean sameTally(ProposalRecord a, ProposalRecord b) {
        return a.approvers().equals(b.approvers()) && a.rejecters().equals(b.rejecters())
                && a.approvingPower() == b.approvingPower() && a.rejectingPower() == b.rejectingPower()
                && a.totalPower() == b.totalPower() && a.threshold().equals(b.threshold());
    }
}
