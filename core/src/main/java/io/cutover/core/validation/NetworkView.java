package io.cutover.core.validation;

import java.util.OptionalLong;

import io.cutover.core.network.NetworkConfig;
import io.cutover.core.proposal.ReleaseTag;

/**
 * What the rules know of the network at the moment of a submission.
 *
 * @param network the network file in force
 * @param currentRelease the release the network runs now (network.toml's, advanced by passed approvals)
 * @param networkHeight the network's current block height; empty while no source has reported one
 * @param upgrades the upgrades a recovery may name
 */
public record NetworkView(NetworkConfig network, ReleaseTag currentRelease, OptionalLong networkHeight, KnownUpgrades upgrades) {

    public NetworkView(NetworkConfig network, ReleaseTag currentRelease, OptionalLong networkHeight) {
        this(network, currentRelease, networkHeight, KnownUpgrades.NONE);
    }

    public NetworkView(NetworkConfig network, ReleaseTag currentRelease, long networkHeight) {
        this(network, currentRelease, OptionalLong.of(networkHeight));
    }
}
