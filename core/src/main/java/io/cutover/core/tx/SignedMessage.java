package io.cutover.core.tx;

import java.nio.charset.StandardCharsets;

/** The bytes a Vega wallet signs (before hashing with SHA3-256). */
public final class SignedMessage {

    private SignedMessage() {
    }

    /** V3: {@code UTF-8(chain_id) || 0x00 || input_data} — bound to one chain. */
    public static byte[] v3(String chainId, byte[] inputData) {
        byte[] chain = chainId.getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[chain.length + 1 + inputData.length];
        System.arraycopy(chain, 0, message, 0, chain.length);
        System.arraycopy(inputData, 0, message, chain.length + 1, inputData.length);
        return message;
    }

    /** V2: the input data alone — replayable across networks. */
    public static byte[] v2(byte[] inputData) {
        return inputData.clone();
    }
}
