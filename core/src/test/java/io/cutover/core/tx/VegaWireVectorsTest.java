package io.cutover.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/** The public test vectors of reference/vega-wire.md. */
class VegaWireVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static final String VECTOR1_INPUT = "08959aef3a10fd0dd23e200a1537666136643966366139646661396636366661646112075553442f425443";
    static final String VECTOR1_PUB_KEY = "b5fd9d3c4ad553cb3196303b6e6df7f484cf7f5331a572a45031239fd71ad8a0";
    static final String VECTOR1_SIGNATURE = "876e46defc40030391b5feb2c9bb0b6b68b2d95a6b5fd17a730a46ea73f3b180"
            + "8420c8c609be6f1c6156e472ecbcd09202f750da000dee41429947a4b7eca00b";
    static final String VECTOR2_SEED = "0bfdfb4a04e22d7252a4f24eb9d0f35a82efdc244cb0876d919361e61f6f56a2";
    static final String VECTOR2_SIGNATURE = "d1c497702086b54f98821e6cbbd9b3f3390d9531b10a23dabf155f9b5a7f371b"
            + "8e49210d21ef3a399700c6d407ec50edcf4cc3cefe1657213e479d32bbaa520f";

    @Test
    void vector1V2SignatureVerifiesOverInputData() {
        byte[] input = HEX.parseHex(VECTOR1_INPUT);
        assertThat(VegaSignatures.verify(HEX.parseHex(VECTOR1_PUB_KEY), SignedMessage.v2(input), HEX.parseHex(VECTOR1_SIGNATURE)))
                .isTrue();
    }

    @Test
    void vector1FailsWhenOneByteOfInputChanges() {
        byte[] input = HEX.parseHex(VECTOR1_INPUT);
        input[5] ^= 1;
        assertThat(VegaSignatures.verify(HEX.parseHex(VECTOR1_PUB_KEY), input, HEX.parseHex(VECTOR1_SIGNATURE))).isFalse();
    }

    @Test
    void vector1FailsWhenBoundToAChainItWasNotSignedFor() {
        byte[] input = HEX.parseHex(VECTOR1_INPUT);
        assertThat(VegaSignatures.verify(HEX.parseHex(VECTOR1_PUB_KEY), SignedMessage.v3("mainnet-v1", input), HEX.parseHex(VECTOR1_SIGNATURE)))
                .isFalse();
    }

    @Test
    void vector2SignsHelloWorldForMainnetToTheExactBytes() {
        byte[] seed = HEX.parseHex(VECTOR2_SEED);
        byte[] message = SignedMessage.v3("mainnet-v1", "hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(HEX.formatHex(VegaSignatures.sign(seed, message))).isEqualTo(VECTOR2_SIGNATURE);
        assertThat(HEX.formatHex(VegaSignatures.publicKey(seed))).isEqualTo(VECTOR1_PUB_KEY);
    }

    @Test
    void exampleInputDataEncodesAndDecodesToTheStatedValues() throws Exception {
        byte[] bytes = HEX.parseHex("08011064ca7d0c08e807120776302e37392e30");
        InputData decoded = InputData.parseFrom(bytes);
        assertThat(decoded.getNonce()).isEqualTo(1);
        assertThat(decoded.getBlockHeight()).isEqualTo(100);
        assertThat(decoded.getProtocolUpgradeProposal().getUpgradeBlockHeight()).isEqualTo(1000);
        assertThat(decoded.getProtocolUpgradeProposal().getVegaReleaseTag()).isEqualTo("v0.79.0");

        InputData built = InputData.newBuilder().setNonce(1).setBlockHeight(100)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                        .setUpgradeBlockHeight(1000).setVegaReleaseTag("v0.79.0"))
                .build();
        assertThat(HEX.formatHex(built.toByteArray())).isEqualTo("08011064ca7d0c08e807120776302e37392e30");
    }

    @Test
    void signedV3TransactionDecodesAndVerifiesForItsChainOnly() {
        TransactionSigner signer = new TransactionSigner(HEX.parseHex(VECTOR2_SEED));
        InputData input = InputData.newBuilder().setNonce(7).setBlockHeight(100)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setUpgradeBlockHeight(1000).setVegaReleaseTag("v0.79.0"))
                .build();
        Transaction tx = signer.signV3("cutover-devnet", input);

        DecodedTransaction decoded = TransactionDecoder.decode(tx.toByteArray()).orElseThrow();
        assertThat(decoded.transaction().getVersion()).isEqualTo(TxVersion.TX_VERSION_V3);
        assertThat(decoded.inputData()).isEqualTo(input);
        assertThat(decoded.txHash()).isEqualTo(Digests.sha256Hex(tx.toByteArray()));
        byte[] pub = HEX.parseHex(decoded.transaction().getPubKey());
        byte[] sig = HEX.parseHex(decoded.transaction().getSignature().getValue());
        byte[] inputBytes = decoded.transaction().getInputData().toByteArray();
        assertThat(VegaSignatures.verify(pub, SignedMessage.v3("cutover-devnet", inputBytes), sig)).isTrue();
        assertThat(VegaSignatures.verify(pub, SignedMessage.v3("other-chain", inputBytes), sig)).isFalse();
    }

    @Test
    void garbageDoesNotDecode() {
        assertThat(TransactionDecoder.decode(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff})).isEmpty();
    }
}
