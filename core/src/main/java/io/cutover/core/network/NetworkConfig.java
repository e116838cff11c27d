package io.cutover.core.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.cutover.core.pow.SpamPow;
import io.cutover.core.proposal.ReleaseTag;

/** The network every component agrees on, as read from {@code network.toml}. */
public record NetworkConfig(
        String chainId,
        ReleaseTag currentRelease,
        Threshold threshold,
        long minLeadBlocks,
        long replayWindowBlocks,
        List<ValidatorInfo> validators,
        SpamPow spamPow) {

    public NetworkConfig {
        validators = List.copyOf(validators);
        Objects.requireNonNull(spamPow, "spamPow");
    }

    /** A network without proof of work (no {@code [spam.pow]} in network.toml). */
    public NetworkConfig(String chainId, ReleaseTag currentRelease, Threshold threshold, long minLeadBlocks, long replayWindowBlocks,
            List<ValidatorInfo> validators) {
        this(chainId, currentRelease, threshold, minLeadBlocks, replayWindowBlocks, validators, SpamPow.OFF);
    }

    public Optional<ValidatorInfo> validator(String pubKey) {
        // a scan: validator sets are small, and a record cannot cache a derived map
        for (ValidatorInfo validator : validators) {
            if (validator.pubKey().equals(pubKey)) {
                return Optional.of(validator);
            }
        }
        return Optional.empty();
    }

    public long totalVotingPower() {
        return validators.stream().mapToLong(ValidatorInfo::votingPower).sum();
    }

    /** The same network with another current release (after an upgrade took effect). */
    public NetworkConfig withCurrentRelease(ReleaseTag release) {
        return new NetworkConfig(chainId, release, threshold, minLeadBlocks, replayWindowBlocks, validators, spamPow);
    }
}
