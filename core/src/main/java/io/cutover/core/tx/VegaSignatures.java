package io.cutover.core.tx;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Vega's signature scheme: pure Ed25519 over the 32-byte SHA3-256 digest of the signed message.
 * Bouncy Castle's RFC 8032 code verifies several times faster than the JDK provider, and
 * verification is proposal-service's hot path.
 */
public final class VegaSignatures {

    public static final String ALGORITHM = "vega/ed25519";
    public static final int ALGORITHM_VERSION = 1;
    public static final int PUBLIC_KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;
    public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;

    private VegaSignatures() {
    }

    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        byte[] digest = Digests.sha3_256(message);
        return Ed25519.verify(signature, 0, publicKey, 0, digest, 0, digest.length);
    }

    public static byte[] sign(byte[] seed, byte[] message) {
        byte[] digest = Digests.sha3_256(message);
        byte[] signature = new byte[SIGNATURE_BYTES];
        Ed25519.sign(seed, 0, digest, 0, digest.length, signature, 0);
        return signature;
    }

    public static byte[] publicKey(byte[] seed) {
        byte[] publicKey = new byte[PUBLIC_KEY_BYTES];
        Ed25519.generatePublicKey(seed, 0, publicKey, 0);
        return publicKey;
    }
}
