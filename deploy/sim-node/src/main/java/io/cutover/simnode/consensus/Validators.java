package io.cutover.simnode.consensus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validators of a simulated network, read from a peers file: one {@code <validator-id> <power>
 * <host:port>} per line (host:port = that node's HTTP port), {@code #} comments and blank lines
 * allowed. Sorted by id, which is the proposer rotation order.
 */
public record Validators(List<Validator> all) {

    /** One validator: its id, its voting power and the loopback address of its HTTP port. */
    public record Validator(String id, long power, String address) {
    }

    public Validators {
        all = all.stream().sorted(Comparator.comparing(Validator::id)).toList();
    }

    /** A chain of one: this node holds all the power. */
    public static Validators solo(String id, int port) {
        return new Validators(List.of(new Validator(id, 1, "127.0.0.1:" + port)));
    }

    /** Reads and checks a peers file; every problem is reported at once, naming the file and line. */
    public static Validators read(Path file) throws IOException {
        List<Validator> validators = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replaceFirst("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (n + 1) + ": ";
            String[] parts = line.split("\\s+");
            if (parts.length != 3) {
                problems.add(where + "expected \"<validator-id> <power> <host:port>\", got \"" + line + "\"");
                continue;
            }
            long power;
            try {
                power = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                power = -1;
            }
            if (power <= 0) {
                problems.add(where + "the power of " + parts[0] + " must be a positive number, got " + parts[1]);
            }
            if (!parts[2].matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
                problems.add(where + "the address of " + parts[0] + " must be host:port, got " + parts[2]);
            }
            if (!ids.add(parts[0])) {
                problems.add(where + "validator " + parts[0] + " is listed twice");
            }
            if (!addresses.add(parts[2])) {
                problems.add(where + "address " + parts[2] + " is listed for two validators");
            }
            validators.add(new Validator(parts[0], Math.max(power, 0), parts[2]));
        }
        if (validators.isEmpty()) {
            problems.add(file + " lists no validator");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("--peers " + String.join("; ", problems));
        }
        return new Validators(validators);
    }

    /** Writes these validators as a peers file (the format {@link #read} reads); returns the file. */
    public Path write(Path file) throws IOException {
        StringBuilder text = new StringBuilder("# <validator-id> <power> <host:port of its HTTP/status port>\n");
        all.forEach(v -> text.append(v.id()).append(' ').append(v.power()).append(' ').append(v.address()).append('\n'));
        return Files.writeString(file, text.toString());
    }

    public Optional<Validator> find(String id) {
        return all.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    public long totalPower() {
        return all.stream().mapToLong(Validator::power).sum();
    }

    /** More than 2/3 of the total power. */
    public boolean isQuorum(long power) {
        return 3 * power > 2 * totalPower();
    }

    /** The least power that is more than 2/3 of the total. */
    public long quorumPower() {
        return 2 * totalPower() / 3 + 1;
    }

    /** The power of the distinct known validators among {@code ids}. */
    public long powerOf(Iterable<String> ids) {
        Set<String> seen = new HashSet<>();
        long power = 0;
        for (String id : ids) {
            if (seen.add(id)) {
                power += find(id).map(Validator::power).orElse(0L);
            }
        }
        return power;
    }

    /** The proposer of round {@code round} at {@code height}: a rotation over the validators in id order. */
    public Validator proposer(long height, long round) {
        return all.get((int) Math.floorMod(height + round, (long) all.size()));
    }
}
