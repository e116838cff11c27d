package io.cutover.ctl.keys;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SLIP-10 key derivation for Ed25519 (hardened children only, as SLIP-10 allows for Ed25519).
 * Written here because no maintained Java library implements SLIP-10; it is two HMAC-SHA512 steps
 * from the JDK, checked against Vega's published vector.
 */
public final class Slip10 {

    /** Vega wallets keep their keys at m/1789'/0'/i', i from 1. */
    public static final int VEGA_PURPOSE = 1789;
    private static final long HARDENED = 0x8000_0000L;
    private static final byte[] CURVE_KEY = "ed25519 seed".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Slip10() {
    }

    /** The 32-byte Ed25519 private key seed of a Vega wallet's key number {@code index} (from 1). */
    public static byte[] vegaKey(byte[] bip39Seed, int index) {
        if (index < 1) {
            throw new IllegalArgumentException("Vega wallet key indexes start at 1, got " + index);
        }
        return derive(bip39Seed, VEGA_PURPOSE, 0, index);
    }

    /** Derives the key at m/a'/b'/... (every index hardened). Returns the 32-byte private key. */
    public static byte[] derive(byte[] bip39Seed, int... hardenedPath) {
        byte[] node = hmacSha512(CURVE_KEY, bip39Seed);
        for (int index : hardenedPath) {
            if (index < 0) {
                throw new IllegalArgumentException("path index must be 0..2^31-1, got " + index);
            }
            byte[] data = ByteBuffer.allocate(37)
                    .put((byte) 0)
                    .put(node, 0, 32)
                    .putInt((int) (index | HARDENED))
                    .array();
            byte[] chainCode = Arrays.copyOfRange(node, 32, 64);
            node = hmacSha512(chainCode, data);
        }
        return Arrays.copyOfRange(node, 0, 32);
    }

    private static byte[] hmacSha512(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key, "HmacSHA512"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is part of every Java 17 runtime", e);
        }
    }
}
