package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads {@code data/upgrade-info.json} (or a recorded copy). The node writes it at the upgrade
 * height; an empty or half-written file is "not yet" (Cosmovisor issue #21086), never a crash:
 * the caller reads it again at its next poll.
 */
public final class UpgradeInfoFile {

    /** What the file holds. */
    public sealed interface Content {
    }

    public record Absent() implements Content {
    }

    /** Empty (the node may be writing it). */
    public record Empty() implements Content {
    }

    /** Not the x/upgrade plan JSON, or a plan that fails validation. */
    public record Malformed(String reason) implements Content {
    }

    public record Present(UpgradePlan plan) implements Content {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpgradeInfoFile() {
    }

    public static Content read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new Absent();
        } catch (IOException e) {
            return new Malformed("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public static Content parse(String text) {
        if (text.isBlank()) {
            return new Empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            return new Malformed("not JSON (partially written?): " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            return new Malformed("not a JSON object");
        }
        JsonNode name = node.path("name");
        if (!name.isTextual()) {
            return new Malformed("no \"name\" string");
        }
        JsonNode height = node.path("height");
        long h;
        if (height.isIntegralNumber() && height.canConvertToLong()) {
            h = height.asLong();
        } else if (height.isTextual() && height.asText().matches("\\d{1,19}")) {
            h = Long.parseLong(height.asText()); // jsonpb writes int64 as a string
        } else {
            return new Malformed("no \"height\" number");
        }
        JsonNode info = node.path("info");
        if (!info.isMissingNode() && !info.isNull() && !info.isTextual()) {
            return new Malformed("\"info\" is not a string");
        }
        UpgradePlan plan = new UpgradePlan(name.asText(), h, info.isTextual() ? info.asText() : "");
        String problem = plan.problem();
        return problem == null ? new Present(plan) : new Malformed(problem);
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
