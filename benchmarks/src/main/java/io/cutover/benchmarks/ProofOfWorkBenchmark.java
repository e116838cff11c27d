package io.cutover.benchmarks;

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

import io.cutover.core.pow.BlockHashes;
import io.cutover.core.pow.VegaProofOfWork;

/**
 * What proof of work adds to proposal-service per submission: one verification (a single SHA3-256,
 * whatever the difficulty) of a proof solved at Vega's default difficulty 15, to be read beside
 * {@link TransactionVerifyBenchmark}'s signature verification of the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProofOfWorkBenchmark {

    private static final int DIFFICULTY = 15;
    private static final String TID = "2e7a16d9ef690f0d2beed115fba13ba2aaa16c8f971910ad88c72b9db010c7d4";

    private String blockHash;
    private long nonce;

    @Setup
    public void solve() {
        blockHash = BlockHashes.derived(Fixtures.CHAIN, 1000);
        nonce = VegaProofOfWork.solve(blockHash, TID, DIFFICULTY);
    }

    @Benchmark
    public boolean verifyProofOfWork() {
        return VegaProofOfWork.verify(blockHash, TID, nonce, DIFFICULTY);
    }
}
