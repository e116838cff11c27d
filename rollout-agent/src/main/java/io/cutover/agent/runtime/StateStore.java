package io.cutover.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cutover.agent.domain.RolloutState;

/**
 * state.json: written to a temporary file, flushed to disk, then renamed over the old one, so a
 * reader (or an agent started after a crash) sees either the old state or the new one. Beside the
 * rollout state it keeps named sections other parts of the agent own (e.g. "checkpoints").
 */
public final class StateStore {

    private final Path file;
    private final Map<String, JsonNode> sections = new LinkedHashMap<>();
    private RolloutState last;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public StateStore(Path file) {
        this.file = file;
    }

    public synchronized Optional<RolloutState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = json.readTree(file.toFile());
            RolloutState state = json.treeToValue(tree, RolloutState.class);
            JsonNode known = json.valueToTree(state);
            tree.fieldNames().forEachRemaining(name -> {
                if (!known.has(name)) {
                    sections.put(name, tree.get(name));
                }
            });
            last = state;
            return Optional.of(state);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (move it away to start from the current release)", e);
        }
    }

    public synchronized void save(RolloutState state) {
        last = state;
        write();
    }

    /** A section beside the rollout state, or a missing node. */
    public synchronized JsonNode section(String name) {
        return sections.getOrDefault(name, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    /** Replaces a section (null removes it) and writes state.json. */
    public synchronized void saveSection(String name, JsonNode value) {
        if (value == null) {
            sections.remove(name);
        } else {
            sections.put(name, value);
        }
        if (last != null) {
            write();
        }
    }

    /** Replaces a section (null removes it) to be written with the next {@link #save}, so that both change at once. */
    public synchronized void stageSection(String name, JsonNode value) {
        if (value == null) {
            sections.remove(name);
        } else {
            sections.put(name, value);
        }
    }

    ObjectMapper json() {
        return json;
    }

    private void write() {
        ObjectNode tree = json.valueToTree(last);
        sections.forEach(tree::set);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, json.writeValueAsBytes(tree));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
