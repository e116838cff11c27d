package io.cutover.core.height;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.ValidatorInfo;

/**
 * The network height as the median of the latest recent reports of consensus validators. One
 * lagging or lying node cannot move the median; reports older than {@code maxAge} are ignored.
 * Not thread-safe: callers serialise access.
 */
public final class NetworkHeightEstimate {

    private final Duration maxAge;
    private final Map<String, HeightReport> latestByValidator = new HashMap<>();

    public NetworkHeightEstimate(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** Keeps the report if it is the newest from its validator. */
    public void record(HeightReport report) {
        latestByValidator.merge(report.validatorKey(), report,
                (old, candidate) -> candidate.reportedAt().isBefore(old.reportedAt()) ? old : candidate);
    }

    /** The newest report of every validator, by validator key: with {@link #record} it restores this estimate. */
    public List<HeightReport> reports() {
        return latestByValidator.values().stream().sorted(Comparator.comparing(HeightReport::validatorKey)).toList();
    }

    /** The median height of fresh reports from consensus validators of {@code network}, if any. */
    public OptionalLong height(NetworkConfig network, Instant now) {
        Instant oldest = now.minus(maxAge);
        long[] heights = latestByValidator.values().stream()
                .filter(r -> !r.reportedAt().isBefore(oldest))
                .filter(r -> network.validator(r.validatorKey()).filter(ValidatorInfo::isConsensusValidator).isPresent())
                .mapToLong(HeightReport::height)
                .sorted()
                .toArray();
        if (heights.length == 0) {
            return OptionalLong.empty();
        }
        // lower median: with an even count, the network has certainly reached it
        return OptionalLong.of(heights[(heights.length - 1) / 2]);
    }
}
