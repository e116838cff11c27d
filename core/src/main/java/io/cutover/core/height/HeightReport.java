package io.cutover.core.height;

import java.time.Instant;

/** A height a validator's rollout agent reported at a moment. */
public record HeightReport(String validatorKey, long height, Instant reportedAt) {
}
