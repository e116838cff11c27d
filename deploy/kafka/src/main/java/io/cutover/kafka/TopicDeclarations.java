package io.cutover.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

/** Reads {@code topics.conf}: one topic a line, {@code name partitions replication key=value...}. */
final class TopicDeclarations {

    private TopicDeclarations() {
    }

    static List<NewTopic> read(Path file) throws IOException {
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
            topics.add(new NewTopic(parts[0], Integer.parseInt(parts[1]), Short.parseShort(parts[2])).configs(configs));
        }
        return topics;
    }
}
