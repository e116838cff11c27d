package io.cutover.core.config;

/** One problem in a configuration file, with the path of the key it concerns ("validators[2].pub_key"). */
public record ConfigProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
