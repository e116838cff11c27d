package io.cutover.core.height;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.core.network.ApprovalRule;
import io.cutover.core.network.Fraction;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.Threshold;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.core.proposal.ReleaseTag;

class NetworkHeightEstimateTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private final NetworkConfig network = new NetworkConfig("c", ReleaseTag.parse("v1.0.0").orElseThrow(),
            new Threshold(new Fraction(2, 3), ApprovalRule.GREATER), 20, 150,
            List.of(new ValidatorInfo("a", "a", 1), new ValidatorInfo("b", "b", 1), new ValidatorInfo("c", "c", 1),
                    new ValidatorInfo("observer", "o", 0)));

    @Test
    void medianOfConsensusValidatorsIgnoresOneOutlier() {
        NetworkHeightEstimate estimate = new NetworkHeightEstimate(Duration.ofSeconds(30));
        estimate.record(new HeightReport("a", 100, NOW));
        estimate.record(new HeightReport("b", 101, NOW));
        estimate.record(new HeightReport("c", 1_000_000, NOW));
        estimate.record(new HeightReport("o", 5_000_000, NOW));
        estimate.record(new HeightReport("stranger", 9_000_000, NOW));
        assertThat(estimate.height(network, NOW)).hasValue(101);
    }

    @Test
    void staleReportsAreIgnoredAndOlderReportsDoNotReplaceNewer() {
        NetworkHeightEstimate estimate = new NetworkHeightEstimate(Duration.ofSeconds(30));
        estimate.record(new HeightReport("a", 100, NOW.minusSeconds(60)));
        assertThat(estimate.height(network, NOW)).isEmpty();
        estimate.record(new HeightReport("a", 120, NOW));
        estimate.record(new HeightReport("a", 90, NOW.minusSeconds(1)));
        assertThat(estimate.height(network, NOW)).hasValue(120);
    }
}
