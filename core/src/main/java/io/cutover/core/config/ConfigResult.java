package io.cutover.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration read from a file: either valid, or every problem found in it at once. */
public sealed interface ConfigResult<T> {

    record Valid<T>(T value) implements ConfigResult<T> {
    }

    record Invalid<T>(String source, List<ConfigProblem> problems) implements ConfigResult<T> {

        public Invalid {
            problems = List.copyOf(problems);
        }

        /** One message naming the file and listing every problem, one a line. */
        public String describe() {
            return source + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n"
                    + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
        }
    }

    /** The value, or an {@link InvalidConfigException} carrying {@link Invalid#describe()}. */
    default T orThrow() {
        if (this instanceof Valid<T> valid) {
            return valid.value();
        }
        throw new InvalidConfigException((Invalid<T>) this);
    }
}
