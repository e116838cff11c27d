package io.cutover.core.tally;

import java.time.Instant;
import java.util.List;

import io.cutover.core.network.NetworkConfig;
import io.cutover.proto.v1.RecoveryAction;
import io.cutover.proto.vega.ReleaseArtifact;

/** What the tally reacts to. Each input carries its own time: the tally never reads a clock. */
public sealed interface TallyInput {

    Instant at();

    /** A validator's protocol_upgrade_proposal: its vote for {@code releaseTag@height} (or a withdrawal for the current release). */
    record Approve(String signer, String releaseTag, long height, List<ReleaseArtifact> artifacts, byte[] rawTx, Instant at)
            implements TallyInput {
        public Approve {
            artifacts = List.copyOf(artifacts);
        }
    }

    /** A validator's protocol_upgrade_rejection: a no to {@code proposalId}, which also withdraws its approval. */
    record Reject(String signer, String proposalId, byte[] rawTx, Instant at) implements TallyInput {
    }

    /**
     * A validator's upgrade_recovery: its vote for a hot-fix ({@code releaseTag} and {@code artifacts})
     * or a return ({@code releaseTag} empty) of the upgrade {@code upgradeId} that failed at its height.
     */
    record Recover(String signer, String upgradeId, RecoveryAction action, String releaseTag, List<ReleaseArtifact> artifacts,
            byte[] rawTx, Instant at) implements TallyInput {
        public Recover {
            artifacts = List.copyOf(artifacts);
        }
    }

    /** The network reached {@code height}. Heights that do not move forward change nothing. */
    record HeightReached(long height, Instant at) implements TallyInput {
    }

    /** network.toml changed: new validators, powers or threshold. Every open tally is evaluated again. */
    record NetworkChanged(NetworkConfig network, Instant at) implements TallyInput {
    }
}
