package io.cutover.core.network;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cutover.core.proposal.ReleaseTag;

/** The network every component agrees on, as read from {@code network.toml}. */
public record NetworkConfig(
        String chainId,
        ReleaseTag currentRelease,
        Threshold threshold,
        long minLeadBlocks,
        long replayWindowBlocks,
        List<ValidatorInfo> validators) {

    public NetworkConfig {
        validators = List.copyOf(validators);
    }

    public Optional<ValidatorInfo> validator(String pubKey) {
        return Optional.ofNullable(byKey().get(pubKey));
    }

    public long totalVotingPower() {
        return validators.stream().mapToLong(ValidatorInfo::votingPower).sum();
    }

    /** The same network with another current release (after an upgrade took effect). */
    public NetworkConfig withCurrentRelease(ReleaseTag release) {
        return new NetworkConfig(chainId, release, threshold, minLeadBlocks, replayWindowBlocks, validators);
    }

    private Map<String, ValidatorInfo> byKey() {
        return validators.stream().collect(Collectors.toMap(ValidatorInfo::pubKey, Function.identity()));
    }
}
