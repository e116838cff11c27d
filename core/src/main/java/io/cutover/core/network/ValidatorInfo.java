package io.cutover.core.network;

/** A validator of network.toml: its name, Ed25519 public key (64 lowercase hex) and voting power. */
public record ValidatorInfo(String name, String pubKey, long votingPower) {

    /** Only validators with voting power take part in consensus and may vote. */
    public boolean isConsensusValidator() {
        return votingPower > 0;
    }
}
