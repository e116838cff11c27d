package io.cutover.core.outcome;

import java.util.Objects;

/** Why an input was refused: a stable reason code and a sentence an operator understands. */
public record Refusal(RefusalReason reason, String detail) {

    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason + ": " + detail;
    }
}
