package io.cutover.localnet;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/** Prints the upgrade as it happens: the tally, the approval and each node's phase. */
final class ProgressPrinter implements NetworkObserver.Listener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final int validators;
    private final boolean namesChains;
    private volatile long upgradeHeight;

    /** @param namesChains prefix each line with its chain id (a run that serves several networks) */
    ProgressPrinter(PrintStream out, int validators, boolean namesChains) {
        this.out = out;
        this.validators = validators;
        this.namesChains = namesChains;
    }

    void upgradeHeight(long height) {
        this.upgradeHeight = height;
    }

    @Override
    public void proposal(Proposal p) {
        String status = p.getStatus().name().replace("PROPOSAL_STATUS_", "");
        print(p.getChainId(), "tally     %s  %d/%d validators, power %d/%d (needs %s %s)  %s%s", p.getProposalId(), p.getApproversCount(),
                validators, p.getApprovingPower(), p.getTotalPower(), p.getApprovalRule(), p.getThreshold(), status,
                p.getStatus() == ProposalStatus.PROPOSAL_STATUS_PENDING || p.getStatusReason().isEmpty() ? "" : " — " + p.getStatusReason());
    }

    @Override
    public void approval(Approval a) {
        if (a.getStatus() == ApprovalStatus.APPROVAL_STATUS_APPROVED) {
            print(a.getChainId(), "APPROVED  %s at height %d — quorum certificate of %d signed transactions", a.getProposalId(), a.getHeight(),
                    a.getQuorumCertificateCount());
        } else {
            print(a.getChainId(), "CANCELLED %s — %s", a.getProposalId(), a.getStatusReason());
        }
    }

    @Override
    public void phaseChanged(RolloutStatus s, RolloutPhase previous) {
        String phase = s.getPhase().name().replace("ROLLOUT_PHASE_", "");
        String detail = switch (s.getPhase()) {
            case ROLLOUT_PHASE_RUNNING -> s.getRunningRelease() + " at height " + s.getHeight();
            case ROLLOUT_PHASE_HALTING -> "at " + (s.getTargetHeight() > 0 ? s.getTargetHeight() : upgradeHeight) + " (height " + s.getHeight() + ")";
            case ROLLOUT_PHASE_READY -> s.getTargetRelease() + " staged and verified, height " + s.getHeight();
            case ROLLOUT_PHASE_FAILED, ROLLOUT_PHASE_RETRYING, ROLLOUT_PHASE_ROLLED_BACK -> s.getLastError();
            default -> s.getTargetRelease().isEmpty() ? "" : s.getTargetRelease();
        };
        print(s.getChainId(), "%-16s %-10s %s", s.getNode(), phase, detail);
    }

    /** An alert the aggregator posted to the run's webhook. */
    void alert(AlertReceiver.Received alert) {
        print(alert.chainId(), "ALERT     %s — %s", alert.key(), alert.title());
    }

    private synchronized void print(String chain, String format, Object... args) {
        out.println("[" + LocalTime.now().format(TIME) + "] " + (namesChains ? chain + "  " : "") + String.format(format, args));
    }
}
