package io.cutover.agent.runtime;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.cutover.agent.domain.Phase;
import io.cutover.agent.domain.RolloutState;
import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentHome;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.TargetOrigin;

/** The agent's state as the rollout.status record (also served on /api/v1/status). */
public final class StatusView {

    private StatusView() {
    }

    /**
     * The release tag of a release folder: the genesis folder holds {@code genesisRelease}, a folder
     * mapped in {@code [upgradeFolders]} holds the tag mapped to it, any other folder is named by its tag.
     */
    public static String releaseTag(String folder, Map<String, String> upgradeFolders, String genesisRelease) {
        if (AgentHome.GENESIS.equals(folder)) {
            return genesisRelease;
        }
        return upgradeFolders.entrySet().stream().filter(e -> e.getValue().equals(folder)).map(Map.Entry::getKey)
                .findFirst().orElse(folder);
    }

    /**
     * @param nodeState how the release started at the upgrade height is doing, in words; reported in
     *                  STARTING only (e.g. "waiting for peers at height 42: 20 of 40 voting power back on v1.1.0")
     */
    public static RolloutStatus of(RolloutState s, String runningRelease, String chainId, String node, String validatorKey,
            long height, String nodeState, Instant now) {
        RolloutStatus.Builder status = RolloutStatus.newBuilder()
                .setChainId(chainId)
                .setNode(node)
                .setValidatorKey(validatorKey)
                .setHeight(Math.max(height, 0))
                .setRunningRelease(runningRelease)
                .setPhase(RolloutPhase.valueOf("ROLLOUT_PHASE_" + s.phase().name()))
                .setReady(s.ready())
                .setLastError(s.lastError() == null ? "" : s.lastError())
                .setRestarts(s.restarts())
                .setPhaseSince(timestamp(s.phaseSince()))
                .setReportedAt(timestamp(now))
                .setHaltedAtHeight(s.haltedAtHeight())
                .setSwitchoverMillis(s.switchoverMillis());
        if (s.phase() == Phase.STARTING) {
            status.setNodeState(nodeState);
        }
        if (s.target() != null) {
            status.setTargetProposalId(s.target().proposalId()).setTargetRelease(s.target().tag()).setTargetHeight(s.target().height())
                    .setTargetOrigin(s.target().origin() == Target.Origin.CHAIN
                            ? TargetOrigin.TARGET_ORIGIN_CHAIN : TargetOrigin.TARGET_ORIGIN_APPROVAL);
        }
        return status.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
