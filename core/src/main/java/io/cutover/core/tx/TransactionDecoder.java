package io.cutover.core.tx;

import java.util.Optional;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.Transaction;

/** Decodes a marshalled Vega {@link Transaction} and the {@link InputData} inside it. */
public final class TransactionDecoder {

    private TransactionDecoder() {
    }

    /** Empty when the bytes are not a transaction or its input data does not decode. */
    public static Optional<DecodedTransaction> decode(byte[] raw) {
        try {
            Transaction tx = Transaction.parseFrom(raw);
            InputData input = InputData.parseFrom(tx.getInputData());
            return Optional.of(new DecodedTransaction(raw, tx, input, Digests.sha256Hex(raw)));
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
