package io.cutover.agent.vega;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.cutover.agent.staging.StagingOutcome;

/**
 * Staging that is not given up while it could still succeed: a failed try is reported and tried
 * again after a backoff (1 s, doubling up to {@link #MAX_BACKOFF}), or at once when {@link #now} is
 * called (the node was just halted: Visor's order, the download after the halt), for as long as the
 * upgrade is pending.
 */
final class StagingRetries {

    private static final Logger LOG = Logger.getLogger(StagingRetries.class);
    /** The longest wait between two tries. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Completed (and replaced) when the waiting try should not wait any longer. */
    private volatile CompletableFuture<Void> wake = new CompletableFuture<>();

    /**
     * Tries {@code attempt} until it stages, or until {@code pending} says the upgrade is no longer
     * pending (then the last outcome is returned).
     *
     * @param report receives each failed try, in words
     */
    StagingOutcome stage(String subject, Supplier<StagingOutcome> attempt, BooleanSupplier pending, Consumer<String> report) {
        for (int n = 1; ; n++) {
            CompletableFuture<Void> waiting = wake;
            StagingOutcome outcome = attempt.get();
            if (outcome instanceof StagingOutcome.Staged || !pending.getAsBoolean()) {
                return outcome;
            }
            long backoff = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(n - 1, 5));
            String reason = "staging try " + n + " failed: " + outcome + "; trying again in " + backoff + " s (at once when the node halts)";
            LOG.warnf("%s: %s", subject, reason);
            report.accept(reason);
            try {
                waiting.get(backoff, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // the backoff is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The try that waits goes on at once. */
    void now() {
        CompletableFuture<Void> waiting = wake;
        wake = new CompletableFuture<>();
        waiting.complete(null);
    }
}
