package io.cutover.agent.checkpoint;

import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * The checkpoint at the halt, after the node stopped and before {@code current} is re-pointed. A
 * checkpoint that cannot be made fails the switch (the node stays stopped, the reason is reported)
 * unless the operator lets upgrades go on without one.
 */
public final class CheckpointStep {

    private static final Logger LOG = Logger.getLogger(CheckpointStep.class);

    private final Checkpointer checkpointer;
    private final CheckpointLedger ledger;

    public CheckpointStep(Checkpointer checkpointer, CheckpointLedger ledger) {
        this.checkpointer = checkpointer;
        this.ledger = ledger;
    }

    public CheckpointSettings settings() {
        return checkpointer.settings();
    }

    /**
     * Checkpoints the data as {@code release} left it at {@code height}.
     *
     * @throws IOException when no checkpoint was made and one is required; the message says why and how to go on
     */
    public void atHalt(long height, String release) throws IOException {
        Checkpointer.Outcome outcome = checkpointer.take(height, release);
        String word = settings().naming() == CheckpointSettings.Naming.COSMOVISOR_DATE ? "backup" : "checkpoint";
        if (outcome instanceof Checkpointer.Taken taken) {
            CheckpointRecord c = taken.record();
            LOG.infof("%s %s: %d files, %d MiB (%d files %s, %d MiB written) in %d ms", word, c.folder(), c.files(),
                    Checkpointer.mib(c.bytes()), c.linkedFiles(), c.strategy().equals("reflink") ? "cloned" : "linked",
                    Checkpointer.mib(c.copiedBytes()), c.millis());
        } else if (outcome instanceof Checkpointer.Skipped skipped) {
            LOG.infof("no %s at height %d: %s", word, height, skipped.why());
        } else {
            String reason = outcome instanceof Checkpointer.Refused r ? r.reason() : ((Checkpointer.Failed) outcome).reason();
            if (settings().required()) {
                throw new IOException(word + " refused: " + reason + " (free space, or set " + settings().allowWithout()
                        + " to upgrade without a " + word + ")");
            }
            LOG.warnf("%s refused: %s; upgrading without a %s (%s)", word, reason, word, settings().allowWithout());
        }
    }

    /** The newest checkpoint taken at {@code height}, if any. */
    public Optional<CheckpointRecord> at(long height) {
        return ledger.checkpoints().stream().filter(c -> c.height() == height).max(Comparator.comparing(CheckpointRecord::takenAt));
    }
}
