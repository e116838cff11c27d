package io.cutover.core.network;

import java.util.Arrays;
import java.util.Optional;

/** How approving power is compared with the threshold. */
public enum ApprovalRule {
    /** Strictly more than the threshold (the seed rule: more than 2/3). */
    GREATER("greater"),
    /** At least the threshold (Vega: >= validators.vote.required). */
    AT_LEAST("at-least");

    private final String configName;

    ApprovalRule(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<ApprovalRule> fromConfigName(String name) {
        return Arrays.stream(values()).filter(r -> r.configName.equals(name)).findFirst();
    }
}
