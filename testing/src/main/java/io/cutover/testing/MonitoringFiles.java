package io.cutover.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metric names that deploy/monitoring's Grafana dashboard and Prometheus alert rules query, and
 * which service exposes each (by name prefix), so that every service's tests can check that its
 * real /q/metrics output has every name the ops files rely on.
 */
public final class MonitoringFiles {

    /** The service that exposes the metrics whose names start with each prefix. */
    public static final Map<String, List<String>> OWNERS = Map.of(
            "proposal-service", List.of("cutover_transactions_", "cutover_submission_"),
            "vote-aggregator", List.of("cutover_aggregator_", "cutover_proposals", "cutover_proposal_", "cutover_approvals_",
                    "cutover_network_", "cutover_upgrade_"),
            "rollout-agent", List.of("cutover_agent_"));

    private static final Pattern METRIC = Pattern.compile("\\bcutover_[a-z0-9_]+");

    private MonitoringFiles() {
    }

    /** deploy/monitoring of this checkout, found from the working directory upwards. */
    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/monitoring");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no deploy/monitoring above " + Path.of("").toAbsolutePath());
    }

    /** Every PromQL expression of the dashboards (*.json) and rule files (*.yaml) in the folder. */
    public static List<String> expressions(Path folder) {
        List<String> exprs = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    collect(new ObjectMapper().readTree(file.toFile()), "expr", exprs);
                } else if (name.endsWith(".yaml")) {
                    collect(new YAMLMapper().readTree(file.toFile()), "expr", exprs);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exprs;
    }

    /** The Cutover metric names the expressions use. */
    public static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The names that the service exposes, by {@link #OWNERS}. */
    public static Set<String> metricNamesOf(String service) {
        Set<String> names = new TreeSet<>();
        for (String name : metricNames(expressions(folder()))) {
            if (OWNERS.get(service).stream().anyMatch(name::startsWith)) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric names of a Prometheus text exposition (the /q/metrics body). */
    public static Set<String> exposedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int end = 0;
            while (end < l.length() && l.charAt(end) != '{' && l.charAt(end) != ' ') {
                end++;
            }
            names.add(l.substring(0, end));
        });
        return names;
    }

    private static void collect(JsonNode node, String field, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals(field) && e.getValue().isTextual()) {
                    into.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), field, into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, field, into));
        }
    }
}
