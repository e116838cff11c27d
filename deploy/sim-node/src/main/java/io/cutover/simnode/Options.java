package io.cutover.simnode;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** "--name value" and "--flag" options (also "--name=value"). */
final class Options {

    private static final Set<String> FLAGS = Set.of("fail-on-start", "panic-past-start");

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    static Options parse(List<String> args) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                options.values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (FLAGS.contains(name)) {
                options.flags.add(name);
            } else if (i + 1 < args.size()) {
                options.values.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    String required(String name) {
        return value(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
    }

    int integer(String name, int defaultValue) {
        return value(name).map(v -> parse(name, v)).map(Long::intValue).orElse(defaultValue);
    }

    OptionalLong optionalLong(String name) {
        return value(name).map(v -> OptionalLong.of(parse(name, v))).orElse(OptionalLong.empty());
    }

    Duration duration(String name, String defaultValue) {
        return parseDuration(name, value(name).orElse(defaultValue));
    }

    static Duration parseDuration(String name, String text) {
        try {
            if (text.endsWith("ms")) {
                return positive(name, Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2))));
            }
            if (text.endsWith("s")) {
                return positive(name, Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1))));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--" + name + " must look like 200ms or 1s, got " + text);
    }

    private static Duration positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return d;
    }

    private static long parse(String name, String v) {
        try {
            long value = Long.parseLong(v);
            if (value < 0) {
                throw new IllegalArgumentException("--" + name + " must not be negative, got " + v);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + v);
        }
    }
}
