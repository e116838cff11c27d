package io.cutover.ctl.keys;

import java.security.SecureRandom;
import java.util.HexFormat;

import io.cutover.core.tx.TransactionSigner;
import io.cutover.core.tx.VegaSignatures;

/** A validator's Ed25519 key: the 32-byte private seed and its public key. */
public final class ValidatorKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] seed;
    private final String publicKeyHex;

    public ValidatorKey(byte[] seed) {
        if (seed.length != VegaSignatures.SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is " + VegaSignatures.SEED_BYTES + " bytes, got " + seed.length);
        }
        this.seed = seed.clone();
        this.publicKeyHex = HexFormat.of().formatHex(VegaSignatures.publicKey(seed));
    }

    public static ValidatorKey generate() {
        byte[] seed = new byte[VegaSignatures.SEED_BYTES];
        RANDOM.nextBytes(seed);
        return new ValidatorKey(seed);
    }

    /** The key a Vega wallet derives from {@code mnemonic} at m/1789'/0'/index'. */
    public static ValidatorKey fromMnemonic(String mnemonic, int index) {
        var words = Bip39.words(mnemonic);
        Bip39.validate(words);
        return new ValidatorKey(Slip10.vegaKey(Bip39.seed(words, ""), index));
    }

    public byte[] seed() {
        return seed.clone();
    }

    public String seedHex() {
        return HexFormat.of().formatHex(seed);
    }

    public String publicKeyHex() {
        return publicKeyHex;
    }

    public TransactionSigner signer() {
        return new TransactionSigner(seed);
    }
}
