package io.cutover.core.pow;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.cutover.core.tx.Digests;

/**
 * The block hash Cutover uses for a height when the height comes from the rollout agents, which
 * report heights but not hashes: lowercase hex of SHA3-256 of {@code "cutover-block:<chain_id>:<height>"}.
 * Any client can compute it, and LastBlockHeight hands it out like a node's block hash. Because it is
 * predictable, only the height window (no future heights) and the tid rule keep proofs from being
 * prepared far ahead; the proof of work still costs its work per transaction.
 */
public final class BlockHashes {

    private BlockHashes() {
    }

    public static String derived(String chainId, long height) {
        return HexFormat.of().formatHex(Digests.sha3_256(("cutover-block:" + chainId + ":" + Long.toUnsignedString(height))
                .getBytes(StandardCharsets.UTF_8)));
    }
}
