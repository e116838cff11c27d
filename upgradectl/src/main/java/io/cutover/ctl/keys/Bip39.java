package io.cutover.ctl.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * BIP-39 mnemonics: checks the words and the checksum against the bundled English word list of
 * the BIP-39 specification, and turns a mnemonic into its 64-byte seed with the JDK's
 * PBKDF2WithHmacSHA512 (2048 rounds, salt "mnemonic" + passphrase).
 */
public final class Bip39 {

    private static final String WORD_LIST = "bip39-english.txt";
    private static final Set<Integer> WORD_COUNTS = Set.of(12, 15, 18, 21, 24);
    private static final Map<String, Integer> INDEX = loadWordList();

    private Bip39() {
    }

    /** The mnemonic's words, normalised (NFKD, lower case, single spaces). */
    public static List<String> words(String mnemonic) {
        String normalised = Normalizer.normalize(mnemonic, Normalizer.Form.NFKD).strip().toLowerCase(Locale.ROOT);
        return normalised.isEmpty() ? List.of() : Arrays.asList(normalised.split("\\s+"));
    }

    /** Throws {@link InvalidMnemonicException} naming the first problem: count, unknown word or checksum. */
    public static void validate(List<String> words) {
        if (!WORD_COUNTS.contains(words.size())) {
            throw new InvalidMnemonicException("a mnemonic has 12, 15, 18, 21 or 24 words, this one has " + words.size());
        }
        int totalBits = words.size() * 11;
        boolean[] bits = new boolean[totalBits];
        for (int w = 0; w < words.size(); w++) {
            Integer index = INDEX.get(words.get(w));
            if (index == null) {
                throw new InvalidMnemonicException("word " + (w + 1) + " (\"" + words.get(w) + "\") is not in the BIP-39 English word list");
            }
            for (int b = 0; b < 11; b++) {
                bits[w * 11 + b] = (index & (1 << (10 - b))) != 0;
            }
        }
        int checksumBits = totalBits / 33;
        byte[] entropy = new byte[(totalBits - checksumBits) / 8];
        for (int i = 0; i < entropy.length * 8; i++) {
            if (bits[i]) {
                entropy[i / 8] |= (byte) (1 << (7 - i % 8));
            }
        }
        byte[] hash = sha256(entropy);
        for (int i = 0; i < checksumBits; i++) {
            boolean expected = (hash[i / 8] & (1 << (7 - i % 8))) != 0;
            if (bits[entropy.length * 8 + i] != expected) {
                throw new InvalidMnemonicException("the checksum does not match: a word is mistyped or the words are out of order");
            }
        }
    }

    /** The 64-byte BIP-39 seed of the words, with the given passphrase (Vega wallets use none). */
    public static byte[] seed(List<String> words, String passphrase) {
        char[] mnemonic = String.join(" ", words).toCharArray();
        byte[] salt = ("mnemonic" + Normalizer.normalize(passphrase, Normalizer.Form.NFKD)).getBytes(StandardCharsets.UTF_8);
        PBEKeySpec spec = new PBEKeySpec(mnemonic, salt, 2048, 512);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every Java 17 runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(mnemonic, '\0');
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java 17 runtime", e);
        }
    }

    private static Map<String, Integer> loadWordList() {
        try (InputStream in = Bip39.class.getResourceAsStream(WORD_LIST)) {
            if (in == null) {
                throw new IllegalStateException(WORD_LIST + " is missing from the classpath");
            }
            String[] list = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            if (list.length != 2048) {
                throw new IllegalStateException(WORD_LIST + " has " + list.length + " words, not 2048");
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < list.length; i++) {
                index.put(list[i].strip(), i);
            }
            return Map.copyOf(index);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + WORD_LIST, e);
        }
    }
}
