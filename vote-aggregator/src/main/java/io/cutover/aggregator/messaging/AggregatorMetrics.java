package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.proto.v1.ProposalStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Prometheus meters: consumer lag, proposals by status, approvals published, event latency. */
@ApplicationScoped
public class AggregatorMetrics {

    private final AtomicLong consumerLag = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final Counter approvalsPublished;
    private final Counter cancellationsPublished;
    private final Counter proposalEventsPublished;
    private final Timer eventLatency;

    public AggregatorMetrics(MeterRegistry registry, ProposalBoard board) {
        Gauge.builder("cutover.aggregator.consumer.lag", consumerLag, AtomicLong::get)
                .description("Input records not yet processed (upgrade.transactions and rollout.status)").register(registry);
        Gauge.builder("cutover.aggregator.active", active, AtomicLong::get)
                .description("1 when this instance does the work, 0 when it stands by").register(registry);
        for (ProposalStatus status : ProposalStatus.values()) {
            if (status != ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED && status != ProposalStatus.UNRECOGNIZED) {
                Gauge.builder("cutover.proposals", board, b -> b.countByStatus().getOrDefault(status, 0L))
                        .tag("status", status.name().substring("PROPOSAL_STATUS_".length()).toLowerCase())
                        .description("Proposals by status").register(registry);
            }
        }
        approvalsPublished = Counter.builder("cutover.approvals.published").tag("status", "approved")
                .description("Records published on upgrade.approvals").register(registry);
        cancellationsPublished = Counter.builder("cutover.approvals.published").tag("status", "cancelled")
                .description("Records published on upgrade.approvals").register(registry);
        proposalEventsPublished = Counter.builder("cutover.proposal.events.published")
                .description("Records published on upgrade.proposals").register(registry);
        eventLatency = Timer.builder("cutover.aggregator.event.latency")
                .description("From an input record's timestamp to the commit of the events it caused")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void lag(long records) {
        consumerLag.set(records);
    }

    void active(boolean isActive) {
        active.set(isActive ? 1 : 0);
    }

    void published(long proposals, long approvals, long cancellations) {
        proposalEventsPublished.increment(proposals);
        approvalsPublished.increment(approvals);
        cancellationsPublished.increment(cancellations);
    }

    void latency(Duration latency) {
        eventLatency.record(latency);
    }
}
