package io.cutover.aggregator.domain.alert;

import java.time.Instant;
import java.util.Optional;

/** When a network is expected to reach a height. */
public interface TimeOfHeight {

    /** The estimated wall-clock time of {@code height} on {@code chainId}; empty while it cannot be estimated. */
    Optional<Instant> estimate(String chainId, long height);
}
