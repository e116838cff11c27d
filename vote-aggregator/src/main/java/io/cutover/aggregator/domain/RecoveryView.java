package io.cutover.aggregator.domain;

import java.util.Collection;
import java.util.List;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.tally.RecoveryRecord;
import io.cutover.core.tally.Tally;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * A recovery of an upgrade that failed at its height, as the dashboard shows it while the network is
 * still halted there: the failed upgrade, the recovery's tally, each node's step (agents report phase
 * RECOVERING, then RUNNING with the recovery's id) and the voting power back online.
 *
 * @param action     HOT_FIX or RETURN
 * @param releaseTag the hot-fix's release; empty for a return
 * @param status     PENDING, APPROVED or REJECTED
 * @param steps      the nodes whose agent reports this recovery, with their phase
 * @param backPower  the voting power whose node runs again after applying it (STARTING or RUNNING with its id);
 *                   the chain moves again once this meets the threshold
 */
public record RecoveryView(String recoveryId, String upgradeId, String failedReleaseTag, long height, String action, String releaseTag,
        String status, long approvingPower, long requiredPower, List<String> approvers, String statusReason, List<NodeStep> steps,
        long backPower, List<String> backNodes) {

    public RecoveryView {
        approvers = List.copyOf(approvers);
        steps = List.copyOf(steps);
        backNodes = List.copyOf(backNodes);
    }

    /** A node's step in applying the recovery. */
    public record NodeStep(String node, String phase, String runningRelease) {
    }

    /** The recoveries of upgrades at or above the network height (the network has not moved past them), in the order they appeared. */
    public static List<RecoveryView> of(Tally tally, Collection<RolloutStatus> agents) {
        NetworkConfig network = tally.network();
        long height = tally.networkHeight();
        return tally.recoveries().stream().filter(r -> Long.compareUnsigned(r.height(), height) >= 0)
                .map(r -> of(r, network, agents)).toList();
    }

    private static RecoveryView of(RecoveryRecord r, NetworkConfig network, Collection<RolloutStatus> agents) {
        List<RolloutStatus> applying = agents.stream().filter(a -> a.getRecoveryId().equals(r.recoveryId())).toList();
        List<NodeStep> steps = applying.stream()
                .map(a -> new NodeStep(a.getNode(), a.getPhase().name().replace("ROLLOUT_PHASE_", ""), a.getRunningRelease())).toList();
        List<RolloutStatus> back = backOnline(r.recoveryId(), agents);
        long backPower = back.stream().map(RolloutStatus::getValidatorKey).distinct()
                .mapToLong(k -> network.validator(k).map(ValidatorInfo::votingPower).orElse(0L)).sum();
        return new RecoveryView(r.recoveryId(), r.upgradeId(), r.failedReleaseTag(), r.height(), actionName(r), r.releaseTag(),
                r.status().name(), r.approvingPower(), r.threshold().minimumPower(r.totalPower()), r.approvers(), r.statusReason(), steps, backPower,
                back.stream().map(RolloutStatus::getNode).toList());
    }

    /** The agents whose node runs again after applying the recovery: STARTING or RUNNING with its id. */
    static List<RolloutStatus> backOnline(String recoveryId, Collection<RolloutStatus> agents) {
        return agents.stream().filter(a -> a.getRecoveryId().equals(recoveryId))
                .filter(a -> a.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING || a.getPhase() == RolloutPhase.ROLLOUT_PHASE_STARTING).toList();
    }

    /** HOT_FIX or RETURN, as the dashboard names a recovery's action. */
    static String actionName(RecoveryRecord r) {
        return r.action() == RecoveryAction.RECOVERY_ACTION_HOT_FIX ? "HOT_FIX" : "RETURN";
    }
}
