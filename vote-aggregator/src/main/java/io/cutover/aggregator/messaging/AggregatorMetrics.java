package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.UpgradeProgress;
import io.cutover.aggregator.network.ServedNetwork;
import io.cutover.proto.v1.ProposalStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Prometheus meters: consumer lag, proposals by status, approvals published, event and approval
 * latency, each pending proposal's tally, and each coming upgrade's ready power and blocks to go.
 * The gauges are per network ({@link Network}); the counters and timers count every network together.
 * Created at startup, so that every meter is there from the first scrape, also on a stand-by
 * instance that never touches it ({@code cutover_aggregator_active 0}).
 */
@Startup
@ApplicationScoped
public class AggregatorMetrics {

    private final MeterRegistry registry;
    /** Every meter this application registered: removed when it stops, so a registry that outlives it holds none of them. */
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final List<MultiGauge> multiGauges = new CopyOnWriteArrayList<>();
    private final Counter approvalsPublished;
    private final Counter cancellationsPublished;
    private final Counter proposalEventsPublished;
    private final Timer eventLatency;
    private final Timer approvalLatency;

    public AggregatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        approvalsPublished = own(Counter.builder("cutover.approvals.published").tag("status", "approved")
                .description("Records published on upgrade.approvals").register(registry));
        cancellationsPublished = own(Counter.builder("cutover.approvals.published").tag("status", "cancelled")
                .description("Records published on upgrade.approvals").register(registry));
        proposalEventsPublished = own(Counter.builder("cutover.proposal.events.published")
                .description("Records published on upgrade.proposals").register(registry));
        eventLatency = own(Timer.builder("cutover.aggregator.event.latency")
                .description("From an input record's timestamp to the commit of the events it caused")
                .publishPercentiles(0.5, 0.99).register(registry));
        approvalLatency = own(Timer.builder("cutover.aggregator.approval.latency")
                .description("From the approving vote's append to upgrade.transactions to the commit of its approval")
                .publishPercentiles(0.5, 0.99).register(registry));
    }

    private <M extends Meter> M own(M meter) {
        registered.add(meter);
        return meter;
    }

    @PreDestroy
    void removeMeters() {
        multiGauges.forEach(g -> g.register(List.of(), true));
        registered.forEach(registry::remove);
    }

    /** The gauges of one network: tagged {@code chain} when the deployment serves a fleet, untagged for one network file. */
    Network network(ServedNetwork served) {
        return new Network(served.board(), served.fleet() ? Tags.of("chain", served.chainId()) : Tags.empty());
    }

    /** One network's gauges: its loop's lag and role, its proposals by status, its tallies and its next upgrade's progress. */
    final class Network {
        private final AtomicLong consumerLag = new AtomicLong();
        private final AtomicLong active = new AtomicLong();
        private final MultiGauge approvingPower;
        private final Tags chain;
        private volatile UpgradeProgress progress = new UpgradeProgress(0, 0, 0, List.of(), Optional.empty());

        private Network(ProposalBoard board, Tags chain) {
            this.chain = chain;
            own(Gauge.builder("cutover.aggregator.consumer.lag", consumerLag, AtomicLong::get).tags(chain)
                    .description("Input records not yet processed (upgrade.transactions and rollout.status)").register(registry));
            own(Gauge.builder("cutover.aggregator.active", active, AtomicLong::get).tags(chain)
                    .description("1 when this instance does the work, 0 when it stands by").register(registry));
            for (ProposalStatus status : ProposalStatus.values()) {
                if (status != ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED && status != ProposalStatus.UNRECOGNIZED) {
                    own(Gauge.builder("cutover.proposals", board, b -> b.countByStatus().getOrDefault(status, 0L)).tags(chain)
                            .tag("status", status.name().substring("PROPOSAL_STATUS_".length()).toLowerCase())
                            .description("Proposals by status").register(registry));
                }
            }
            approvingPower = MultiGauge.builder("cutover.proposal.approving.power").tags(chain)
                    .description("Voting power approving a pending proposal").register(registry);
            multiGauges.add(approvingPower);
            progressGauge("cutover.network.height", "The network height the aggregator has applied", p -> p.networkHeight());
            progressGauge("cutover.network.total.power", "Voting power of all validators", p -> p.totalPower());
            progressGauge("cutover.network.required.power", "Voting power the threshold needs, to approve or to run an upgrade",
                    p -> p.requiredPower());
            progressGauge("cutover.upgrade.scheduled", "1 while an approved upgrade is ahead of the network",
                    p -> p.next().isPresent() ? 1 : 0);
            progressGauge("cutover.upgrade.height", "Height of the next approved upgrade, 0 when none",
                    p -> p.next().map(UpgradeProgress.Readiness::height).orElse(0L));
            progressGauge("cutover.upgrade.blocks.to.height", "Blocks left before the next approved upgrade, 0 when none",
                    p -> p.next().map(UpgradeProgress.Readiness::blocksToHeight).orElse(0L));
            progressGauge("cutover.upgrade.ready.power",
                    "Voting power whose agent has staged and verified the next approved upgrade's release",
                    p -> p.next().map(UpgradeProgress.Readiness::readyPower).orElse(0L));
        }

        private void progressGauge(String name, String description, ToDoubleFunction<UpgradeProgress> value) {
            own(Gauge.builder(name, this, m -> value.applyAsDouble(m.progress)).tags(chain).description(description).register(registry));
        }

        void progress(UpgradeProgress current) {
            progress = current;
            approvingPower.register(current.pending().stream()
                    .map(t -> MultiGauge.Row.of(Tags.of("proposal", t.proposalId()), t.approvingPower())).toList(), true);
        }

        void lag(long records) {
            consumerLag.set(records);
        }

        void active(boolean isActive) {
            active.set(isActive ? 1 : 0);
        }
    }

    void approvalLatency(Duration latency) {
        approvalLatency.record(latency);
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
