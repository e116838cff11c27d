package io.cutover.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * Typed reads from a TOML table that record a {@link ConfigProblem} instead of failing, so that a
 * whole file is checked in one pass and every problem is reported together.
 */
public final class TomlReader {

    private final List<ConfigProblem> problems = new ArrayList<>();

    public TomlReader(TomlParseResult parsed) {
        for (TomlParseError error : parsed.errors()) {
            problems.add(new ConfigProblem("line " + error.position().line(), error.getMessage()));
        }
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public void problem(String key, String message) {
        problems.add(new ConfigProblem(key, message));
    }

    public Optional<String> string(TomlTable table, String key, String path) {
        if (table == null || !table.contains(key)) {
            return Optional.empty();
        }
        Object value = table.get(key);
        if (value instanceof String s) {
            return Optional.of(s);
        }
        problem(path, "must be a string, found " + describe(value));
        return Optional.empty();
    }

    public String requiredString(TomlTable table, String key, String path) {
        Optional<String> value = string(table, key, path);
        if (value.isEmpty() && (table == null || !table.contains(key))) {
            problem(path, "is required");
        } else if (value.isPresent() && value.get().isBlank()) {
            problem(path, "must not be empty");
        }
        return value.orElse("");
    }

    public String string(TomlTable table, String key, String path, String defaultValue) {
        return string(table, key, path).orElse(defaultValue);
    }

    public Optional<Long> integer(TomlTable table, String key, String path) {
        if (table == null || !table.contains(key)) {
            return Optional.empty();
        }
        Object value = table.get(key);
        if (value instanceof Long l) {
            return Optional.of(l);
        }
        problem(path, "must be an integer, found " + describe(value));
        return Optional.empty();
    }

    /** An integer at least {@code min}, or the default when the key is absent. */
    public long integer(TomlTable table, String key, String path, long defaultValue, long min) {
        Optional<Long> value = integer(table, key, path);
        if (value.isPresent() && value.get() < min) {
            problem(path, "must be at least " + min + ", found " + value.get());
            return defaultValue;
        }
        return value.orElse(defaultValue);
    }

    public boolean bool(TomlTable table, String key, String path, boolean defaultValue) {
        if (table == null || !table.contains(key)) {
            return defaultValue;
        }
        Object value = table.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        problem(path, "must be true or false, found " + describe(value));
        return defaultValue;
    }

    /** A sub-table, or null when absent (a non-table value is a problem). */
    public TomlTable table(TomlTable table, String key, String path) {
        if (table == null || !table.contains(key)) {
            return null;
        }
        Object value = table.get(key);
        if (value instanceof TomlTable t) {
            return t;
        }
        problem(path, "must be a table, found " + describe(value));
        return null;
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        if (value instanceof TomlTable) {
            return "a table";
        }
        if (value instanceof org.tomlj.TomlArray) {
            return "an array";
        }
        return String.valueOf(value);
    }
}
