package io.cutover.aggregator.domain.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * What the alert rules know of one upgrade.
 *
 * @param announcedByChain true for an upgrade the chain announced (agents' target origin CHAIN, id {@code <tag>@<height>})
 * @param estimatedAt      when the network is expected to reach {@code height}; empty while the block time is unknown
 * @param readyPower       voting power of the validators whose agents report the release staged and verified (or run it)
 * @param requiredPower    the least voting power that meets the threshold
 * @param networkHeight    the network height; 0 while unknown
 * @param reachedAt        when the network was first seen at {@code height} or above; empty before
 */
public record UpgradeFacts(String chainId, String upgradeId, String releaseTag, long height, boolean announcedByChain,
        Optional<Instant> estimatedAt, long readyPower, long requiredPower, long networkHeight, Optional<Instant> reachedAt) {

    boolean reached() {
        return networkHeight > 0 && networkHeight >= height;
    }
}
