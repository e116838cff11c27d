package io.cutover.core.pow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Vega's spam proof of work ({@code sha3_24_rounds}): SHA3-256 of {@code "Vega_SPAM_PoW"} ‖ the block
 * hash as its 64 ASCII hex characters ‖ the tid's characters ‖ the nonce as 8 big-endian bytes must
 * start with at least {@code difficulty} zero bits. Hand-written because it is a few lines over the
 * JDK's SHA3-256 and no library implements Vega's framing.
 */
public final class VegaProofOfWork {

    /** The only hash function Vega allows for {@code spam.pow.hashFunction}. */
    public static final String HASH_FUNCTION = "sha3_24_rounds";
    public static final int MAX_DIFFICULTY = 256;

    private static final byte[] PREFIX = "Vega_SPAM_PoW".getBytes(StandardCharsets.US_ASCII);

    private VegaProofOfWork() {
    }

    /** The digest for one nonce. */
    public static byte[] digest(String blockHash, String tid, long nonce) {
        MessageDigest sha3 = sha3();
        sha3.update(PREFIX);
        sha3.update(blockHash.getBytes(StandardCharsets.US_ASCII));
        sha3.update(tid.getBytes(StandardCharsets.UTF_8));
        return sha3.digest(ByteBuffer.allocate(Long.BYTES).putLong(nonce).array());
    }

    /** Leading zero bits of a digest. */
    public static int leadingZeroBits(byte[] digest) {
        int zeros = 0;
        for (byte b : digest) {
            if (b == 0) {
                zeros += 8;
                continue;
            }
            return zeros + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return zeros;
    }

    /** True when {@code nonce} solves the puzzle; false for a block hash that is not 64 characters or an empty tid, as Vega. */
    public static boolean verify(String blockHash, String tid, long nonce, int difficulty) {
        if (blockHash.length() != 64 || tid.isEmpty() || difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            return false;
        }
        return leadingZeroBits(digest(blockHash, tid, nonce)) >= difficulty;
    }

    /** The smallest nonce that solves the puzzle, searching 0, 1, 2, … as Vega's wallet does. */
    public static long solve(String blockHash, String tid, int difficulty) {
        if (blockHash.length() != 64 || tid.isEmpty() || difficulty < 0 || difficulty > MAX_DIFFICULTY) {
            throw new IllegalArgumentException("a proof of work needs a 64-character block hash, a tid and a difficulty in 0..256");
        }
        for (long nonce = 0; nonce < Long.MAX_VALUE; nonce++) {
            if (leadingZeroBits(digest(blockHash, tid, nonce)) >= difficulty) {
                return nonce;
            }
        }
        throw new IllegalStateException("no nonce found");
    }

    private static MessageDigest sha3() {
        try {
            return MessageDigest.getInstance("SHA3-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA3-256 is part of every Java 17 runtime", e);
        }
    }
}
