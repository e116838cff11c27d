package io.cutover.core.config;

import java.util.List;

/** Thrown at start-up when a configuration file cannot be used; the message lists every problem. */
public final class InvalidConfigException extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public InvalidConfigException(ConfigResult.Invalid<?> invalid) {
        super(invalid.describe());
        this.problems = invalid.problems();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
