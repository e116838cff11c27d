package io.cutover.agent.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cutover.agent.domain.RolloutState;

/**
 * state.json: written to a temporary file, flushed to disk, then renamed over the old one, so a
 * reader (or an agent started after a crash) sees either the old state or the new one.
 */
public final class StateStore {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public StateStore(Path file) {
        this.file = file;
    }

    public Optional<RolloutState> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), RolloutState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (move it away to start from the current release)", e);
        }
    }

    public void save(RolloutState state) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(temp, json.writeValueAsBytes(state));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
