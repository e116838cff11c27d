package io.cutover.ctl.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.cutover.core.tx.SignedMessage;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/** The key derivation and signing vectors of reference/vega-wire.md. */
class WalletImportTest {

    static final String MNEMONIC = "swing ceiling chaos green put insane ripple desk match tip melt usual shrug turkey "
            + "renew icon parade veteran lens govern path rough page render";
    static final String VECTOR2_SEED = "0bfdfb4a04e22d7252a4f24eb9d0f35a82efdc244cb0876d919361e61f6f56a2";
    static final String VECTOR1_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";
    static final String VECTOR2_SIGNATURE = "d1c497702086b54f98821e6cbbd9b3f3390d9531b10a23dabf155f9b5a7f371b"
            + "8e49210d21ef3a399700c6d407ec50edcf4cc3cefe1657213e479d32bbaa520f";
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void referenceMnemonicIndexOneGivesTheReferenceKey() {
        ValidatorKey key = ValidatorKey.fromMnemonic(MNEMONIC, 1);
        assertThat(key.seedHex()).isEqualTo(VECTOR2_SEED);
        assertThat(key.publicKeyHex()).isEqualTo(VECTOR1_PUB_KEY);
    }

    @Test
    void otherIndexesGiveOtherKeys() {
        assertThat(ValidatorKey.fromMnemonic(MNEMONIC, 2).seedHex()).isNotEqualTo(VECTOR2_SEED);
        assertThat(ValidatorKey.fromMnemonic(MNEMONIC, 2).seedHex()).isNotEqualTo(ValidatorKey.fromMnemonic(MNEMONIC, 3).seedHex());
        assertThatThrownBy(() -> ValidatorKey.fromMnemonic(MNEMONIC, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spacingAndCaseOfTheMnemonicDoNotMatter() {
        String messy = "  " + MNEMONIC.toUpperCase().replace(" ", " \n\t ") + "\n";
        assertThat(ValidatorKey.fromMnemonic(messy, 1).seedHex()).isEqualTo(VECTOR2_SEED);
    }

    @Test
    void importedKeySignsTheReferenceVector() {
        ValidatorKey key = ValidatorKey.fromMnemonic(MNEMONIC, 1);
        byte[] message = SignedMessage.v3("mainnet-v1", "hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(HEX.formatHex(VegaSignatures.sign(key.seed(), message))).isEqualTo(VECTOR2_SIGNATURE);
    }

    @Test
    void importedKeySignsV3TransactionsThatVerifyOnlyForTheirChain() {
        ValidatorKey key = ValidatorKey.fromMnemonic(MNEMONIC, 1);
        InputData input = InputData.newBuilder().setNonce(7).setBlockHeight(100)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag("v1.1.0").setUpgradeBlockHeight(200))
                .build();
        Transaction tx = key.signer().signV3("cutover-devnet", input);
        assertThat(tx.getVersion()).isEqualTo(TxVersion.TX_VERSION_V3);
        assertThat(tx.getPubKey()).isEqualTo(VECTOR1_PUB_KEY);
        byte[] signature = HEX.parseHex(tx.getSignature().getValue());
        byte[] pub = HEX.parseHex(tx.getPubKey());
        assertThat(VegaSignatures.verify(pub, SignedMessage.v3("cutover-devnet", tx.getInputData().toByteArray()), signature)).isTrue();
        assertThat(VegaSignatures.verify(pub, SignedMessage.v3("other-chain", tx.getInputData().toByteArray()), signature)).isFalse();
    }

    @Test
    void rejectsAWordOutsideTheList() {
        assertThatThrownBy(() -> ValidatorKey.fromMnemonic(MNEMONIC.replace("chaos", "chaoss"), 1))
                .isInstanceOf(InvalidMnemonicException.class)
                .hasMessageContaining("word 3").hasMessageContaining("chaoss");
    }

    @Test
    void rejectsAWrongWordCount() {
        assertThatThrownBy(() -> ValidatorKey.fromMnemonic(MNEMONIC.substring(0, MNEMONIC.lastIndexOf(' ')), 1))
                .isInstanceOf(InvalidMnemonicException.class).hasMessageContaining("23");
        assertThatThrownBy(() -> ValidatorKey.fromMnemonic("   ", 1)).isInstanceOf(InvalidMnemonicException.class);
    }

    @Test
    void rejectsAlmostEveryMnemonicWithAWordChanged() {
        // A 24-word mnemonic has an 8-bit checksum: about 1 in 256 single-word changes still passes.
        List<String> words = Bip39.words(MNEMONIC);
        List<String> list = wordList();
        Random random = new Random(20261126L);
        int accepted = 0;
        int trials = 2000;
        for (int i = 0; i < trials; i++) {
            List<String> changed = new ArrayList<>(words);
            int at = random.nextInt(changed.size());
            String replacement;
            do {
                replacement = list.get(random.nextInt(list.size()));
            } while (replacement.equals(changed.get(at)));
            changed.set(at, replacement);
            try {
                Bip39.validate(changed);
                accepted++;
            } catch (InvalidMnemonicException e) {
                assertThat(e).hasMessageContaining("checksum");
            }
        }
        assertThat(accepted).isLessThan(trials / 50);
    }

    @Test
    void validatesTheStandardTwelveWordMnemonic() {
        // BIP-39's all-zero entropy mnemonic: "abandon" x11 + "about".
        Bip39.validate(Bip39.words("abandon ".repeat(11) + "about"));
        assertThatThrownBy(() -> Bip39.validate(Bip39.words("abandon ".repeat(12).strip())))
                .isInstanceOf(InvalidMnemonicException.class).hasMessageContaining("checksum");
    }

    @Test
    void bundledWordListIsTheBip39EnglishList() throws Exception {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            assertThat(HEX.formatHex(digest)).isEqualTo("2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
        }
    }

    private static List<String> wordList() {
        try (InputStream in = Bip39.class.getResourceAsStream("bip39-english.txt")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split("\n"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
