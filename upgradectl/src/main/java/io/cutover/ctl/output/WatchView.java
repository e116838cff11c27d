package io.cutover.ctl.output;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cutover.core.proposal.ReleaseTag;
import io.cutover.ctl.ExitCode;
import io.cutover.ctl.options.StatusConverter;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The live view of {@code upgradectl watch}: prints each proposal change and each change of a
 * node's rollout phase, and decides when the watched upgrade is over. Thread-safe: the proposal
 * stream and the agent poller feed it from two threads.
 */
public final class WatchView {

    /** When watching one proposal, what ends the watch successfully. */
    public enum Until { approved, upgraded }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Printer out;
    private final String target;
    private final Until until;
    private final Map<String, String> lastAgentState = new HashMap<>();
    private Proposal targetProposal;
    private List<RolloutStatus> agents = List.of();
    private boolean agentsUnavailable;
    private ExitCode outcome;

    /** @param target the proposal id to follow to its end, or empty to watch until stopped */
    public WatchView(Printer out, String target, Until until) {
        this.out = out;
        this.target = target;
        this.until = until;
    }

    public synchronized void proposal(Proposal p) {
        if (!target.isEmpty() && !target.equals(p.getProposalId())) {
            return;
        }
        if (out.json()) {
            out.jsonLine(event("proposal", Printer.tree(p)));
        } else {
            out.line(stamp() + "proposal " + p.getProposalId() + "  " + StatusConverter.shortName(p.getStatus()) + "  "
                    + ProposalText.approval(p) + (p.getStatusReason().isEmpty() ? "" : "  (" + p.getStatusReason() + ")"));
        }
        if (!target.isEmpty()) {
            targetProposal = p;
            decide();
        }
    }

    public synchronized void agents(List<RolloutStatus> latest) {
        if (agentsUnavailable) {
            agentsUnavailable = false;
            out.warn("node statuses are available again");
        }
        agents = List.copyOf(latest);
        for (RolloutStatus a : latest) {
            String state = a.getPhase() + "|" + a.getRunningRelease() + "|" + a.getReady() + "|" + a.getTargetProposalId() + "|" + a.getLastError();
            if (state.equals(lastAgentState.put(a.getNode(), state))) {
                continue;
            }
            if (out.json()) {
                out.jsonLine(event("agent", Printer.tree(a)));
            } else {
                out.line(stamp() + "node " + a.getNode() + "  " + phase(a.getPhase()) + "  running " + a.getRunningRelease()
                        + " at height " + a.getHeight()
                        + (a.getTargetProposalId().isEmpty() ? "" : ", target " + a.getTargetProposalId() + (a.getReady() ? " (staged and verified)" : ""))
                        + (a.getLastError().isEmpty() ? "" : ", error: " + a.getLastError()));
            }
        }
        decide();
    }

    public synchronized void agentsUnavailable(String why) {
        if (!agentsUnavailable) {
            agentsUnavailable = true;
            out.warn("cannot read node statuses: " + why + " (will keep trying)");
        }
    }

    /** Set once the watched proposal is over: OK when it reached --until, NOT_UPGRADED when rejected or cancelled. */
    public synchronized Optional<ExitCode> outcome() {
        return Optional.ofNullable(outcome);
    }

    private void decide() {
        if (outcome != null || targetProposal == null) {
            return;
        }
        ProposalStatus status = targetProposal.getStatus();
        if (status == ProposalStatus.PROPOSAL_STATUS_REJECTED || status == ProposalStatus.PROPOSAL_STATUS_CANCELLED) {
            finish(ExitCode.NOT_UPGRADED, status == ProposalStatus.PROPOSAL_STATUS_REJECTED ? "rejected" : "cancelled",
                    "Proposal " + target + " was " + StatusConverter.shortName(status).toLowerCase()
                            + (targetProposal.getStatusReason().isEmpty() ? "" : ": " + targetProposal.getStatusReason()) + ".");
        } else if (status == ProposalStatus.PROPOSAL_STATUS_APPROVED && until == Until.approved) {
            finish(ExitCode.OK, "approved", "Proposal " + target + " is approved.");
        } else if (status == ProposalStatus.PROPOSAL_STATUS_APPROVED && !agents.isEmpty() && agents.stream().allMatch(this::upgraded)) {
            finish(ExitCode.OK, "upgraded", "Upgrade complete: all " + agents.size() + " node(s) run " + targetProposal.getReleaseTag() + ".");
        }
    }

    private boolean upgraded(RolloutStatus agent) {
        var running = ReleaseTag.parse(agent.getRunningRelease());
        var wanted = ReleaseTag.parse(targetProposal.getReleaseTag());
        return agent.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING && running.isPresent() && wanted.isPresent()
                && running.get().sameVersionAs(wanted.get());
    }

    private void finish(ExitCode code, String result, String sentence) {
        outcome = code;
        if (out.json()) {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("type", "done");
            done.put("proposalId", target);
            done.put("result", result);
            out.jsonLine(done);
        } else {
            out.line(stamp() + sentence);
        }
    }

    private static Map<String, Object> event(String type, Object body) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put(type, body);
        return event;
    }

    private static String phase(RolloutPhase phase) {
        return phase.name().replace("ROLLOUT_PHASE_", "");
    }

    private static String stamp() {
        return "[" + LocalTime.now().format(CLOCK) + "] ";
    }
}
