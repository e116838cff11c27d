package io.cutover.core.network;

import java.util.Set;

import org.tomlj.TomlTable;

import io.cutover.core.config.TomlReader;
import io.cutover.core.pow.SpamPow;
import io.cutover.core.pow.VegaProofOfWork;

/**
 * network.toml's optional {@code [spam.pow]} table, with Vega's parameter names and ranges:
 * {@code difficulty} (0..256, 0 = off, the default), {@code numberOfPastBlocks} (5..500, default 100),
 * {@code hashFunction} (only {@code "sha3_24_rounds"}), {@code numberOfTxPerBlock} (≥ 1, default 2),
 * {@code increaseDifficulty} (boolean, default false).
 */
final class SpamPowParser {

    private static final Set<String> KEYS = Set.of("difficulty", "numberOfPastBlocks", "hashFunction", "numberOfTxPerBlock", "increaseDifficulty");

    private SpamPowParser() {
    }

    static SpamPow read(TomlTable root, TomlReader in) {
        TomlTable spam = in.table(root, "spam", "spam");
        TomlTable pow = spam == null ? null : in.table(spam, "pow", "spam.pow");
        if (pow == null) {
            return SpamPow.OFF;
        }
        long difficulty = in.integer(pow, "difficulty", "spam.pow.difficulty", SpamPow.DEFAULT_DIFFICULTY, 0);
        if (difficulty > VegaProofOfWork.MAX_DIFFICULTY) {
            in.problem("spam.pow.difficulty", "must be at most " + VegaProofOfWork.MAX_DIFFICULTY + ", found " + difficulty);
        }
        long pastBlocks = in.integer(pow, "numberOfPastBlocks", "spam.pow.numberOfPastBlocks", SpamPow.DEFAULT_NUMBER_OF_PAST_BLOCKS, 5);
        if (pastBlocks > 500) {
            in.problem("spam.pow.numberOfPastBlocks", "must be at most 500, found " + pastBlocks);
        }
        String hashFunction = in.string(pow, "hashFunction", "spam.pow.hashFunction", VegaProofOfWork.HASH_FUNCTION);
        if (!VegaProofOfWork.HASH_FUNCTION.equals(hashFunction)) {
            in.problem("spam.pow.hashFunction", "unknown hash function \"" + hashFunction + "\"; the only one is \""
                    + VegaProofOfWork.HASH_FUNCTION + "\"");
        }
        long perBlock = in.integer(pow, "numberOfTxPerBlock", "spam.pow.numberOfTxPerBlock", SpamPow.DEFAULT_NUMBER_OF_TX_PER_BLOCK, 1);
        boolean increase = in.bool(pow, "increaseDifficulty", "spam.pow.increaseDifficulty", false);
        for (String key : pow.keySet()) {
            if (!KEYS.contains(key)) {
                in.problem("spam.pow." + key, "is not a proof-of-work parameter (difficulty, numberOfPastBlocks, hashFunction, "
                        + "numberOfTxPerBlock, increaseDifficulty)");
            }
        }
        return new SpamPow((int) Math.min(difficulty, VegaProofOfWork.MAX_DIFFICULTY), (int) Math.min(pastBlocks, 500), hashFunction,
                (int) Math.min(perBlock, Integer.MAX_VALUE), increase);
    }
}
