package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import io.cutover.core.height.HeightReport;
import io.cutover.core.height.NetworkHeightEstimate;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.tally.Tally;
import io.cutover.core.tally.TallyEvent;
import io.cutover.core.tally.TallyInput;
import io.cutover.core.tally.TransactionInputs;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The aggregator's whole state: the tally and the network height estimate, fed by the inputs of
 * Kafka in the order they were applied. Time comes from the inputs only, so replaying the same
 * inputs rebuilds exactly the same state and events. Not thread-safe.
 */
public final class Aggregation {

    private final Tally tally;
    private final NetworkHeightEstimate heights;
    private Instant latestReport = Instant.EPOCH;

    public Aggregation(NetworkConfig network, Duration maxReportAge) {
        this.tally = new Tally(network);
        this.heights = new NetworkHeightEstimate(maxReportAge);
    }

    public NetworkConfig network() {
        return tally.network();
    }

    public Tally tally() {
        return tally;
    }

    public List<TallyEvent> onTransaction(AcceptedTransaction accepted) {
        if (!accepted.getChainId().equals(network().chainId())) {
            return List.of(new TallyEvent.InputIgnored("transaction for chain " + accepted.getChainId()));
        }
        Instant at = Instant.ofEpochSecond(accepted.getReceivedAt().getSeconds(), accepted.getReceivedAt().getNanos());
        return TransactionInputs.fromRawTransaction(accepted.getTx().toByteArray(), at)
                .map(tally::apply)
                .orElseGet(() -> List.of(new TallyEvent.InputIgnored("transaction " + accepted.getTxHash() + " carries no upgrade command")));
    }

    public List<TallyEvent> onRolloutStatus(RolloutStatus status) {
        if (!status.getChainId().equals(network().chainId()) || status.getValidatorKey().isEmpty()) {
            return List.of();
        }
        Instant reportedAt = Instant.ofEpochSecond(status.getReportedAt().getSeconds(), status.getReportedAt().getNanos());
        heights.record(new HeightReport(status.getValidatorKey(), status.getHeight(), reportedAt));
        if (reportedAt.isAfter(latestReport)) {
            latestReport = reportedAt;
        }
        OptionalLong height = heights.height(network(), latestReport);
        return height.isPresent() ? tally.apply(new TallyInput.HeightReached(height.getAsLong(), latestReport)) : List.of();
    }

    public List<TallyEvent> onNetworkChanged(NetworkConfig next, Instant at) {
        return tally.apply(new TallyInput.NetworkChanged(next, at));
    }
}
