package io.cutover.benchmarks;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.SignatureCheck;
import io.cutover.core.tx.SignedMessage;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.core.tx.VegaSignatures;
import io.cutover.proto.vega.Transaction;

/**
 * The hot path of proposal-service per submission: decode the Transaction and its InputData (with the SHA-256
 * tx hash), then verify the Ed25519 signature over SHA3-256(chain_id || 0x00 || input_data) — beside the raw
 * verification alone, so the decoding overhead is a ratio measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TransactionVerifyBenchmark {

    private byte[] raw;
    private byte[] publicKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void sign() throws Exception {
        raw = Fixtures.signedProposal(0, 42);
        Transaction tx = Transaction.parseFrom(raw);
        publicKey = HexFormat.of().parseHex(tx.getPubKey());
        message = SignedMessage.v3(Fixtures.CHAIN, tx.getInputData().toByteArray());
        signature = HexFormat.of().parseHex(tx.getSignature().getValue());
    }

    @Benchmark
    public boolean decodeAndVerify() {
        DecodedTransaction decoded = TransactionDecoder.decode(raw).orElseThrow();
        return SignatureCheck.verifies(decoded.transaction(), Fixtures.CHAIN, false);
    }

    @Benchmark
    public boolean rawVerify() {
        return VegaSignatures.verify(publicKey, message, signature);
    }

    @Benchmark
    public DecodedTransaction decodeOnly() {
        return TransactionDecoder.decode(raw).orElseThrow();
    }
}
