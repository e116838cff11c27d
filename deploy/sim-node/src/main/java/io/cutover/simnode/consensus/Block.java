package io.cutover.simnode.consensus;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One committed block: its height, the proposer's timestamp (epoch millis, the block time every
 * node reports), the release that made it, its proposer and the validators that signed it.
 */
public record Block(long height, long timeMillis, String release, String proposer, List<String> signers) {

    public Block {
        signers = List.copyOf(signers);
    }

    /** The block time as CometBFT prints it (RFC 3339). */
    public String time() {
        return Instant.ofEpochMilli(timeMillis).toString();
    }

    /** {@code height time release proposer signer,signer}: one line of blocks.log and of a block sync answer. */
    public String line() {
        return height + " " + timeMillis + " " + release + " " + proposer + " " + String.join(",", signers);
    }

    public static Block parseLine(String line) {
        String[] p = line.trim().split(" ");
        if (p.length != 5) {
            throw new IllegalArgumentException("not a block line: " + abbreviate(line));
        }
        try {
            return new Block(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2], p[3], Arrays.asList(p[4].split(",")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a block line: " + abbreviate(line));
        }
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("height", height);
        f.put("time", timeMillis);
        f.put("release", release);
        f.put("proposer", proposer);
        f.put("signers", String.join(",", signers));
        return f;
    }

    static Block of(Map<String, String> f) {
        try {
            String signers = f.getOrDefault("signers", "");
            return new Block(Long.parseLong(f.get("height")), Long.parseLong(f.get("time")), required(f, "release"),
                    required(f, "proposer"), signers == null || signers.isEmpty() ? List.of() : Arrays.asList(signers.split(",")));
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("a block needs height, time, release and proposer: " + f);
        }
    }

    private static String required(Map<String, String> f, String key) {
        String v = f.get(key);
        if (v == null || v.isBlank() || v.contains(" ")) {
            throw new IllegalArgumentException("a block needs a " + key + ": " + f);
        }
        return v;
    }

    static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 80 ? oneLine.substring(0, 80) + "..." : oneLine;
    }
}
