package io.cutover.proposal.domain;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.core.outcome.RefusalReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Prometheus metrics: accepted, refused by reason, and submission latency (to the answer, Kafka acknowledgement included). */
@ApplicationScoped
public class SubmissionMetrics {

    private final Counter accepted;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final Timer latency;

    public SubmissionMetrics(MeterRegistry registry) {
        this.accepted = Counter.builder("cutover.transactions.accepted").description("Transactions accepted and acknowledged by Kafka")
                .register(registry);
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(reason, Counter.builder("cutover.transactions.refused").description("Transactions refused, by reason")
                    .tag("reason", reason.name()).register(registry));
        }
        this.latency = Timer.builder("cutover.submission.latency").description("Time from receipt to answer of a submission")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    }

    public void accepted(long startedNanos) {
        accepted.increment();
        latency.record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    public void refused(RefusalReason reason, long startedNanos) {
        refused.get(reason).increment();
        latency.record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }
}
