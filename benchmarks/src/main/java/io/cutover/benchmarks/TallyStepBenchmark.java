package io.cutover.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

import io.cutover.core.tally.Tally;
import io.cutover.core.tally.TallyEvent;
import io.cutover.core.tally.TallyInput;
import io.cutover.core.tally.TransactionInputs;

/**
 * One step of vote-aggregator's state machine: a raw accepted transaction becomes a tally input and is applied.
 * Ten validators keep moving their single vote between five proposals of which none reaches the threshold, so
 * every step changes a tally and emits its proposal event (the aggregator's steady state, and its rebuild).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TallyStepBenchmark {

    private static final int POOL = 50;

    private Tally tally;
    private final List<byte[]> votes = new ArrayList<>();
    private final List<TallyInput> inputs = new ArrayList<>();
    private int next;

    @Setup
    public void votes() {
        tally = new Tally(Fixtures.network());
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        tally.apply(new TallyInput.HeightReached(1000, at));
        for (int round = 0; round < POOL / Fixtures.VALIDATORS; round++) {
            for (int v = 0; v < Fixtures.VALIDATORS; v++) {
                // two validators per proposal per round (a few more while votes move): never more than 2/3
                byte[] raw = Fixtures.signedProposalFor(v, 100 + round * 20L + v, "v2." + ((v + round) % 5) + ".0");
                votes.add(raw);
                inputs.add(TransactionInputs.fromRawTransaction(raw, at).orElseThrow());
            }
        }
    }

    @Benchmark
    public List<TallyEvent> applyDecodedInput() {
        TallyInput input = inputs.get(next++ % inputs.size());
        return tally.apply(input);
    }

    @Benchmark
    public List<TallyEvent> decodeAndApply() {
        byte[] raw = votes.get(next++ % votes.size());
        return tally.apply(TransactionInputs.fromRawTransaction(raw, Instant.EPOCH).orElseThrow());
    }
}
