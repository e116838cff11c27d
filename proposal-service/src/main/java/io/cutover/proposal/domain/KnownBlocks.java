package io.cutover.proposal.domain;

import java.util.Locale;
import java.util.Optional;


import io.cutover.core.network.NetworkConfig;
import io.cutover.core.pow.BlockHashes;
import io.cutover.proposal.config.ProposalServiceConfig.HeightSource;

/**
 * The block hash of a height, which proofs of work are computed on. With the status URL as height
 * source, the hashes the node reported ({@code latest_block_hash}, lowercased as Vega hands them out),
 * for the last 500 polled heights as Vega's ring; with the agents as source, core's derived hash
 * ({@link BlockHashes#derived}), known for every height.
 */
public class KnownBlocks {

    private static final int RING = 500;

    private final NetworkHeight height;
    private final long[] heights = new long[RING];
    private final String[] hashes = new String[RING];

    public KnownBlocks(NetworkHeight height) {
        this.height = height;
    }

    /** A block the status URL reported. */
    public synchronized void record(long blockHeight, String hash) {
        int slot = (int) Long.remainderUnsigned(blockHeight, RING);
        heights[slot] = blockHeight;
        hashes[slot] = hash.toLowerCase(Locale.ROOT);
    }

    public Optional<String> hash(NetworkConfig network, long blockHeight) {
        if (height.source() == HeightSource.AGENTS) {
            return Optional.of(BlockHashes.derived(network.chainId(), blockHeight));
        }
        synchronized (this) {
            int slot = (int) Long.remainderUnsigned(blockHeight, RING);
            return heights[slot] == blockHeight ? Optional.ofNullable(hashes[slot]) : Optional.empty();
        }
    }
}
