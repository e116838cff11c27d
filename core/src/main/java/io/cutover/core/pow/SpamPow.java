package io.cutover.core.pow;

/**
 * network.toml's {@code [spam.pow]} parameters, named as Vega's network parameters {@code spam.pow.*}.
 *
 * @param difficulty leading zero bits a proof of work must have; 0 turns proof of work off
 * @param numberOfPastBlocks how many blocks back a transaction's block_height may be (Vega: 5..500)
 * @param hashFunction always {@link VegaProofOfWork#HASH_FUNCTION}
 * @param numberOfTxPerBlock reported to wallets (their own per-block pacing); Cutover's rate limit plays that role here
 * @param increaseDifficulty reported to wallets, as Vega's {@code spam.pow.increaseDifficulty}
 */
public record SpamPow(int difficulty, int numberOfPastBlocks, String hashFunction, int numberOfTxPerBlock, boolean increaseDifficulty) {

    public static final int DEFAULT_DIFFICULTY = 0;
    public static final int DEFAULT_NUMBER_OF_PAST_BLOCKS = 100;
    public static final int DEFAULT_NUMBER_OF_TX_PER_BLOCK = 2;

    /** Proof of work off: what a network.toml without {@code [spam.pow]} means. */
    public static final SpamPow OFF = new SpamPow(DEFAULT_DIFFICULTY, DEFAULT_NUMBER_OF_PAST_BLOCKS, VegaProofOfWork.HASH_FUNCTION,
            DEFAULT_NUMBER_OF_TX_PER_BLOCK, false);

    public boolean enabled() {
        return difficulty > 0;
    }
}
