package io.cutover.core.outcome;

/**
 * The documented, stable reasons Cutover gives when it refuses something. Clients match on these
 * names; never rename one.
 */
public enum RefusalReason {
    /** The bytes are not a Transaction, or its InputData does not decode. */
    MALFORMED_TRANSACTION,
    /** The transaction is larger than the configured limit. */
    TOO_LARGE,
    /** The transaction version is not V3 (or V2 where V2 is enabled). */
    UNSUPPORTED_TX_VERSION,
    /** The signature algorithm or its version is not vega/ed25519 version 1. */
    UNSUPPORTED_SIGNATURE_ALGORITHM,
    /** The signature does not verify (including a transaction signed for another chain). */
    SIGNATURE_INVALID,
    /** The signer is not a validator of network.toml. */
    UNKNOWN_VALIDATOR,
    /** The signer is a validator with zero voting power. */
    NOT_CONSENSUS_VALIDATOR,
    /** The InputData carries no command Cutover understands. */
    UNKNOWN_COMMAND,
    /** The release tag is not semver. */
    INVALID_RELEASE_TAG,
    /** An artifact is malformed: checksum not 64 lowercase hex, platform not os/arch (or twice), URL not http(s). */
    INVALID_ARTIFACT,
    /** The upgrade height is less than min_lead_blocks ahead of the network height. */
    HEIGHT_TOO_SOON,
    /** The release is older than the one the network runs. */
    DOWNGRADE,
    /** input_data.block_height is outside the replay window. */
    STALE_BLOCK_HEIGHT,
    /** A transaction with the same hash was already accepted. */
    DUPLICATE_TRANSACTION,
    /** The nonce is zero, or this validator already used it. */
    NONCE_REUSED,
    /** The proposal id is not known. */
    UNKNOWN_PROPOSAL,
    /** A recovery names an upgrade that Cutover never approved and no agent reported as announced by the chain. */
    UNKNOWN_UPGRADE,
    /** A recovery names an upgrade whose height the network has not reached yet. */
    UPGRADE_NOT_REACHED,
    /** A recovery arrives while the network is live: some height above the upgrade's has been reported. */
    NETWORK_NOT_HALTED,
    /** A hot-fix's release is not newer than the release that failed. */
    HOT_FIX_NOT_NEWER,
    /** The validator submits faster than its allowance. */
    RATE_LIMITED,
    /** Kafka could not take the transaction; nothing was remembered, a retry can succeed. */
    BUS_UNAVAILABLE,
    /** The network height is not known yet (no fresh height report), so height rules cannot be judged; retry later. */
    NETWORK_HEIGHT_UNKNOWN,
    /** The network asks for a proof of work and the transaction carries none, or it does not meet the difficulty. */
    PROOF_OF_WORK_INVALID,
    /** The proof of work is on a block height the service does not know: in the future, too old, or without a known hash. */
    PROOF_OF_WORK_BLOCK_UNKNOWN,
    /** The proof of work's tid was already used. */
    PROOF_OF_WORK_TID_REUSED,
    /** A chain id that this deployment does not serve (query API, upgradectl --chain, the Vega API's chain_id fields). */
    UNKNOWN_CHAIN,
    /** More than one network is served and the request does not say which (a chain id is needed). */
    CHAIN_REQUIRED
}
