package io.cutover.core.tx;

import java.util.HexFormat;

import io.cutover.proto.vega.Transaction;
import io.cutover.proto.vega.TxVersion;

/**
 * Verifies a decoded transaction's signature by its signer's key: V3 over
 * {@code chain_id || 0x00 || input_data}, V2 over {@code input_data} (only where allowed).
 * Malformed hex in the key or signature simply does not verify.
 */
public final class SignatureCheck {

    private SignatureCheck() {
    }

    public static boolean verifies(Transaction tx, String chainId, boolean acceptV2) {
        byte[] inputData = tx.getInputData().toByteArray();
        byte[] message;
        if (tx.getVersion() == TxVersion.TX_VERSION_V3) {
            message = SignedMessage.v3(chainId, inputData);
        } else if (tx.getVersion() == TxVersion.TX_VERSION_V2 && acceptV2) {
            message = SignedMessage.v2(inputData);
        } else {
            return false;
        }
        try {
            HexFormat hex = HexFormat.of();
            return VegaSignatures.verify(hex.parseHex(tx.getPubKey()), message, hex.parseHex(tx.getSignature().getValue()));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
    }
}
