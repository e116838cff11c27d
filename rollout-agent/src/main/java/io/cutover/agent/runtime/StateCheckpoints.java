package io.cutover.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.cutover.agent.checkpoint.CheckpointLedger;
import io.cutover.agent.checkpoint.CheckpointRecord;

/** The checkpoints the agent took, in state.json's "checkpoints" section. */
final class StateCheckpoints implements CheckpointLedger {

    static final String SECTION = "checkpoints";

    private final StateStore store;

    StateCheckpoints(StateStore store) {
        this.store = store;
    }

    @Override
    public List<CheckpointRecord> checkpoints() {
        JsonNode node = store.section(SECTION);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        try {
            return store.json().readerFor(new TypeReference<List<CheckpointRecord>>() {
            }).readValue(node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints in state.json", e);
        }
    }

    @Override
    public void record(List<CheckpointRecord> checkpoints) {
        store.saveSection(SECTION, store.json().valueToTree(checkpoints));
    }
}
