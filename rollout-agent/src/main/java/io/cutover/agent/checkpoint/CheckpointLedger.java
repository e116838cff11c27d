package io.cutover.agent.checkpoint;

import java.util.ArrayList;
import java.util.List;

/** Where the agent remembers its checkpoints (state.json's "checkpoints"). */
public interface CheckpointLedger {

    List<CheckpointRecord> checkpoints();

    void record(List<CheckpointRecord> checkpoints);

    /** A ledger in memory (Cosmovisor's own backup folder, tests). */
    static CheckpointLedger inMemory() {
        return new CheckpointLedger() {
            private volatile List<CheckpointRecord> all = new ArrayList<>();

            @Override
            public List<CheckpointRecord> checkpoints() {
                return all;
            }

            @Override
            public void record(List<CheckpointRecord> checkpoints) {
                all = List.copyOf(checkpoints);
            }
        };
    }
}
