package io.cutover.core.quorum;

/** Why a quorum certificate is refused. Stable names: agents report them on rollout.status. */
public enum CertificateProblem {
    /** The approval names another chain than network.toml. */
    WRONG_CHAIN,
    /** The approval's proposal id is not the id of its own tag, height and artifacts. */
    INCONSISTENT_APPROVAL,
    /** The certificate carries no transaction at all. */
    EMPTY_CERTIFICATE,
    /** A certificate entry is not a decodable Vega transaction. */
    MALFORMED_TRANSACTION,
    /** A transaction is not a V3 signature valid for this chain. */
    SIGNATURE_INVALID,
    /** A signer is not a validator of network.toml. */
    UNKNOWN_VALIDATOR,
    /** A signer is a validator without voting power. */
    NOT_CONSENSUS_VALIDATOR,
    /** A transaction is not a protocol upgrade proposal. */
    NOT_AN_UPGRADE_PROPOSAL,
    /** A transaction approves another proposal (tag, height or artifacts differ). */
    OTHER_PROPOSAL,
    /** A recovery certificate entry is not an upgrade recovery. */
    NOT_A_RECOVERY,
    /** The same validator signs twice. */
    DUPLICATE_SIGNER,
    /** The signers' voting power does not meet the threshold. */
    INSUFFICIENT_POWER,
    /** A rejection certificate entry is not a protocol upgrade rejection. */
    NOT_A_REJECTION,
    /** A CANCELLED approval proves nothing: no threshold of rejections, no verified superseding approval, no newer release in force. */
    UNPROVEN_CANCELLATION
}
