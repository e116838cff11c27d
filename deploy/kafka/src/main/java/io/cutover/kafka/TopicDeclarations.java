package io.cutover.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * Reads {@code topics.conf}: one topic a line, {@code name partitions replication key=value...}. The file
 * holds the production values; {@link #read(Path, int)} caps the replication factor to the brokers there are
 * and {@code min.insync.replicas} to that factor (a single broker gets 1 / 1).
 */
final class TopicDeclarations {

    private TopicDeclarations() {
    }

    static List<NewTopic> read(Path file) throws IOException {
        return read(file, Integer.MAX_VALUE);
    }

    static List<NewTopic> read(Path file, int brokers) throws IOException {
        List<NewTopic> topics = new ArrayList<>();
        int lineNumber = 0;
        for (String raw : Files.readAllLines(file)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length < 3) {
                throw new IllegalArgumentException(file + ":" + lineNumber + ": expected 'name partitions replication [key=value...]'");
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (int i = 3; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": '" + parts[i] + "' is not key=value");
                }
                configs.put(kv[0], kv[1]);
            }
            short replication = (short) Math.min(Short.parseShort(parts[2]), brokers);
            configs.computeIfPresent("min.insync.replicas", (key, value) -> Integer.toString(Math.min(Integer.parseInt(value), replication)));
            topics.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), replication).configs(configs));
        }
        return topics;
    }
}
