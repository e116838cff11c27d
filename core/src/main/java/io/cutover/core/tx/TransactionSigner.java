package io.cutover.core.tx;

import java.util.HexFormat;

import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.Signature;
import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/** Builds signed transactions the way a Vega wallet does. */
public final class TransactionSigner {

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] seed;
    private final String publicKeyHex;

    /** @param seed the 32-byte Ed25519 private key seed */
    public TransactionSigner(byte[] seed) {
        if (seed.length != VegaSignatures.SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 seed is " + VegaSignatures.SEED_BYTES + " bytes, got " + seed.length);
        }
        this.seed = seed.clone();
        this.publicKeyHex = HEX.formatHex(VegaSignatures.publicKey(seed));
    }

    public String publicKeyHex() {
        return publicKeyHex;
    }

    /** A V3 transaction, bound to {@code chainId}. */
    public Transaction signV3(String chainId, InputData input) {
        byte[] inputData = input.toByteArray();
        return envelope(inputData, VegaSignatures.sign(seed, SignedMessage.v3(chainId, inputData)), TxVersion.TX_VERSION_V3);
    }

    /** A V2 transaction (no chain binding), as older wallets produce. */
    public Transaction signV2(InputData input) {
        byte[] inputData = input.toByteArray();
        return envelope(inputData, VegaSignatures.sign(seed, SignedMessage.v2(inputData)), TxVersion.TX_VERSION_V2);
    }

    private Transaction envelope(byte[] inputData, byte[] signature, TxVersion version) {
        return Transaction.newBuilder()
                .setInputData(com.google.protobuf.ByteString.copyFrom(inputData))
                .setSignature(Signature.newBuilder()
                        .setValue(HEX.formatHex(signature))
                        .setAlgo(VegaSignatures.ALGORITHM)
                        .setVersion(VegaSignatures.ALGORITHM_VERSION))
                .setPubKey(publicKeyHex)
                .setVersion(version)
                .build();
    }
}
