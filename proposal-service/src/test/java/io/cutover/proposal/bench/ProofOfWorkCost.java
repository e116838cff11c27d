package io.cutover.proposal.bench;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import io.cutover.core.pow.BlockHashes;
import io.cutover.core.pow.VegaProofOfWork;
import io.cutover.core.tx.Digests;

/**
 * What a proof of work costs: the service's verification per transaction (one SHA3-256 whatever the
 * difficulty), timed over about 3 s on one thread after a warm-up, and the client's solving at a
 * difficulty (median over a few random tids).
 */
record ProofOfWorkCost(int difficulty, double verifyMicros, double solveMedianMillis, int solves) {

    static ProofOfWorkCost measure(int difficulty) {
        String block = BlockHashes.derived("cutover-bench", 1000);
        int n = 16;
        String[] tids = new String[n];
        long[] nonces = new long[n];
        long[] solveNanos = new long[n];
        for (int i = 0; i < n; i++) {
            tids[i] = HexFormat.of().formatHex(Digests.sha3_256(new byte[] {(byte) i, 42}));
            long started = System.nanoTime();
            nonces[i] = VegaProofOfWork.solve(block, tids[i], difficulty);
            solveNanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(solveNanos);
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; System.nanoTime() < warm; i++) {
            VegaProofOfWork.verify(block, tids[i % n], nonces[i % n], difficulty);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long started = System.nanoTime();
        int done = 0;
        while (System.nanoTime() < end) {
            if (!VegaProofOfWork.verify(block, tids[done % n], nonces[done % n], difficulty)) {
                throw new IllegalStateException("a solved proof of work did not verify");
            }
            done++;
        }
        double micros = (System.nanoTime() - started) / 1e3 / done;
        return new ProofOfWorkCost(difficulty, micros, solveNanos[n / 2] / 1e6, n);
    }
}
