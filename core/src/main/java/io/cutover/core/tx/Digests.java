package io.cutover.core.tx;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 and FIPS SHA3-256 from the JDK. */
public final class Digests {

    private Digests() {
    }

    public static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    /** FIPS 202 SHA3-256 (not Keccak), which Vega signs. */
    public static byte[] sha3_256(byte[] data) {
        return digest("SHA3-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java 17 runtime", e);
        }
    }
}
