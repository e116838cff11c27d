package io.cutover.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** Reads the repository's deploy files: YAML documents, topics.conf lines, systemd units. */
final class DeployFiles {

    /** One line of topics.conf. */
    record TopicSpec(String name, int partitions, int replication, Map<String, String> config) {
    }

    /** A systemd unit: section name → directive → values (a directive may repeat). */
    record Unit(Map<String, Map<String, List<String>>> sections) {
        String value(String section, String key) {
            List<String> values = sections.getOrDefault(section, Map.of()).get(key);
            return values == null ? null : values.get(values.size() - 1);
        }
    }

    static final Path ROOT = root();

    private DeployFiles() {
    }

    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/kafka/topics.conf"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/kafka/topics.conf above the working directory");
    }

    static List<JsonNode> yamlDocuments(Path file) {
        try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> all = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    all.add(doc);
                }
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    static List<TopicSpec> topicsConf(String text) {
        List<TopicSpec> topics = new ArrayList<>();
        for (String raw : text.split("\n")) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            Map<String, String> config = new LinkedHashMap<>();
            for (int i = 3; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                config.put(kv[0], kv[1]);
            }
            topics.add(new TopicSpec(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), config));
        }
        return topics;
    }

    /** systemd's unit syntax: [Section] headers, Key=Value lines, # or ; comments, backslash continuations. */
    static Unit systemdUnit(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        String pending = "";
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = pending + raw.strip();
            if (line.endsWith("\\")) {
                pending = line.substring(0, line.length() - 1).stripTrailing() + " ";
                continue;
            }
            pending = "";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.matches("\\[[A-Za-z][A-Za-z0-9-]*]")) {
                    throw new IllegalArgumentException("line " + number + ": bad section header " + line);
                }
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current == null || eq < 1 || !line.substring(0, eq).strip().matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("line " + number + ": not a Key=Value directive inside a section: " + line);
            }
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("the last line continues past the end of the file");
        }
        return new Unit(sections);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
