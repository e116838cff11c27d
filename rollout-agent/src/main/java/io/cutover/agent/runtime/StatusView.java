package io.cutover.agent.runtime;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.cutover.agent.domain.RolloutState;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/** The agent's state as the rollout.status record (also served on /api/v1/status). */
public final class StatusView {

    private StatusView() {
    }

    public static RolloutStatus of(RolloutState s, String chainId, String node, String validatorKey, long height, Instant now) {
        RolloutStatus.Builder status = RolloutStatus.newBuilder()
                .setChainId(chainId)
                .setNode(node)
                .setValidatorKey(validatorKey)
                .setHeight(Math.max(height, 0))
                .setRunningRelease(s.runningRelease())
                .setPhase(RolloutPhase.valueOf("ROLLOUT_PHASE_" + s.phase().name()))
                .setReady(s.ready())
                .setLastError(s.lastError() == null ? "" : s.lastError())
                .setRestarts(s.restarts())
                .setPhaseSince(timestamp(s.phaseSince()))
                .setReportedAt(timestamp(now))
                .setHaltedAtHeight(s.haltedAtHeight())
                .setSwitchoverMillis(s.switchoverMillis());
        if (s.target() != null) {
            status.setTargetProposalId(s.target().proposalId()).setTargetRelease(s.target().tag()).setTargetHeight(s.target().height());
        }
        return status.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
