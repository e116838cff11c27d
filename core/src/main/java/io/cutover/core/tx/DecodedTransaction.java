package io.cutover.core.tx;

import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.Transaction;

/** A transaction whose envelope and input data both decoded, with its Vega hash (SHA-256 of the raw bytes). */
public record DecodedTransaction(byte[] raw, Transaction transaction, InputData inputData, String txHash) {
}
