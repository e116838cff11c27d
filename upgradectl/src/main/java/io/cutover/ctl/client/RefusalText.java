package io.cutover.ctl.client;

import java.util.Optional;

import io.cutover.core.outcome.RefusalReason;

/** The documented refusal reasons in words an operator acts on. */
public final class RefusalText {

    private RefusalText() {
    }

    /** Words for {@code reason}; empty for a reason this version of upgradectl does not know. */
    public static Optional<String> explain(String reason) {
        RefusalReason known;
        try {
            known = RefusalReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(switch (known) {
            case MALFORMED_TRANSACTION -> "the service could not decode the transaction";
            case TOO_LARGE -> "the transaction is larger than the service accepts";
            case UNSUPPORTED_TX_VERSION -> "the service does not accept this transaction version (upgradectl sends V3)";
            case UNSUPPORTED_SIGNATURE_ALGORITHM -> "the signature algorithm is not vega/ed25519 version 1";
            case SIGNATURE_INVALID -> "the signature does not verify: the key or the chain id does not match this network";
            case UNKNOWN_VALIDATOR -> "your key is not a validator of this network (check --key and the network's validator list)";
            case NOT_CONSENSUS_VALIDATOR -> "your validator has no voting power, so it cannot vote on upgrades";
            case UNKNOWN_COMMAND -> "the service does not understand this command";
            case INVALID_RELEASE_TAG -> "the release tag is not a semantic version like v1.2.3";
            case INVALID_ARTIFACT -> "an artifact is malformed: its sha256 must be 64 lowercase hex, its platform os/arch (once each), its URL http(s)";
            case HEIGHT_TOO_SOON -> "the upgrade height is too close to the network height: choose a later height (see `upgradectl network` for the minimum lead)";
            case DOWNGRADE -> "the release is older than the one the network runs; downgrades are not allowed";
            case STALE_BLOCK_HEIGHT -> "the transaction's block height is outside the replay window: run the command again";
            case DUPLICATE_TRANSACTION -> "this exact transaction was already accepted";
            case NONCE_REUSED -> "this nonce was already used by your key: run the command again";
            case UNKNOWN_PROPOSAL -> "no proposal with this id exists";
            case UNKNOWN_UPGRADE -> "no such upgrade: name a Cutover-approved upgrade by its proposal id, or a chain-announced one as <tag>@<height> (see `upgradectl list` or the dashboard)";
            case UPGRADE_NOT_REACHED -> "the network has not reached this upgrade's height yet; a recovery is for an upgrade that failed at its height";
            case NETWORK_NOT_HALTED -> "the network is live past the upgrade's height; a recovery is accepted only while the network is halted there";
            case HOT_FIX_NOT_NEWER -> "the hot-fix release must be newer than the release that failed";
            case RATE_LIMITED -> "you are submitting too fast: wait a moment and try again";
            case NETWORK_HEIGHT_UNKNOWN -> "the service does not know the network height yet (no node has reported one): try again shortly";
            case BUS_UNAVAILABLE -> "the service cannot record transactions right now (its Kafka is unavailable); nothing was recorded, try again";
            case PROOF_OF_WORK_INVALID -> "the proof of work is missing or does not meet the network's difficulty";
            case PROOF_OF_WORK_BLOCK_UNKNOWN -> "the proof of work is on a block the service does not know (too old or in the future): run the command again";
            case PROOF_OF_WORK_TID_REUSED -> "the proof of work's tid was already used: run the command again";
            case UNKNOWN_CHAIN -> "this deployment does not serve that chain id (see `upgradectl network` for the chains it serves)";
            case CHAIN_REQUIRED -> "this deployment serves more than one network: say which with --chain";
        });
    }
}
