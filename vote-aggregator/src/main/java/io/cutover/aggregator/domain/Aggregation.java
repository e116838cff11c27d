package io.cutover.aggregator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.cutover.core.height.HeightReport;
import io.cutover.core.height.NetworkHeightEstimate;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.tally.Tally;
import io.cutover.core.tally.TallyEvent;
import io.cutover.core.tally.TallyInput;
import io.cutover.core.tally.TransactionInputs;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.TransactionDecoder;
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
    private final SeenTransactions seen;
    private final boolean heightFromAgents;
    private Instant latestReport = Instant.EPOCH;

    /** The network height from the agents' reports on rollout.status. */
    public Aggregation(NetworkConfig network, Duration maxReportAge) {
        this(network, maxReportAge, true);
    }

    /** With {@code heightFromAgents} false, only {@link #onHeight} moves the network height (a node's status URL). */
    public Aggregation(NetworkConfig network, Duration maxReportAge, boolean heightFromAgents) {
        this(new Tally(network), new NetworkHeightEstimate(maxReportAge), new SeenTransactions(), heightFromAgents);
    }

    private Aggregation(Tally tally, NetworkHeightEstimate heights, SeenTransactions seen, boolean heightFromAgents) {
        this.tally = tally;
        this.heights = heights;
        this.seen = seen;
        this.heightFromAgents = heightFromAgents;
    }

    /** The whole state, as values (for a snapshot). */
    public AggregationState state() {
        return new AggregationState(tally.state(), heights.reports(), latestReport, seen.byBlockHeight());
    }

    /** The aggregation {@link #state()} was taken of, with this run's settings. */
    public static Aggregation restore(AggregationState state, Duration maxReportAge, boolean heightFromAgents) {
        NetworkHeightEstimate heights = new NetworkHeightEstimate(maxReportAge);
        state.heightReports().forEach(heights::record);
        SeenTransactions seen = new SeenTransactions();
        state.seenTransactions().forEach((blockHeight, hashes) -> hashes.forEach(hash -> seen.firstTime(hash, blockHeight)));
        Aggregation aggregation = new Aggregation(Tally.restore(state.tally()), heights, seen, heightFromAgents);
        aggregation.latestReport = state.latestReport();
        return aggregation;
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
        byte[] raw = accepted.getTx().toByteArray();
        Optional<DecodedTransaction> decoded = TransactionDecoder.decode(raw);
        if (decoded.isPresent() && !seen.firstTime(decoded.get().txHash(), decoded.get().inputData().getBlockHeight())) {
            return List.of(new TallyEvent.InputIgnored("transaction " + decoded.get().txHash() + " was already counted"));
        }
        Instant at = Instant.ofEpochSecond(accepted.getReceivedAt().getSeconds(), accepted.getReceivedAt().getNanos());
        return TransactionInputs.fromRawTransaction(raw, at)
                .map(tally::apply)
                .orElseGet(() -> List.of(new TallyEvent.InputIgnored("transaction " + accepted.getTxHash() + " carries no upgrade command")));
    }

    /** How many transaction hashes are remembered for deduplication (bounded by the replay window). */
    public int rememberedTransactions() {
        return seen.size();
    }

    public List<TallyEvent> onRolloutStatus(RolloutStatus status) {
        if (!heightFromAgents || !status.getChainId().equals(network().chainId()) || status.getValidatorKey().isEmpty()) {
            return List.of();
        }
        Instant reportedAt = Instant.ofEpochSecond(status.getReportedAt().getSeconds(), status.getReportedAt().getNanos());
        heights.record(new HeightReport(status.getValidatorKey(), status.getHeight(), reportedAt));
        if (reportedAt.isAfter(latestReport)) {
            latestReport = reportedAt;
        }
        OptionalLong height = heights.height(network(), latestReport);
        return height.isPresent() ? onHeight(height.getAsLong(), latestReport) : List.of();
    }

    /** The network reached {@code height} (from the agents' reports, or observed at a node's status URL). */
    public List<TallyEvent> onHeight(long height, Instant at) {
        List<TallyEvent> events = tally.apply(new TallyInput.HeightReached(height, at));
        long keep = 2 * network().replayWindowBlocks();
        seen.forgetBelow(tally.networkHeight() > keep ? tally.networkHeight() - keep : 0);
        return events;
    }

    public List<TallyEvent> onNetworkChanged(NetworkConfig next, Instant at) {
        return tally.apply(new TallyInput.NetworkChanged(next, at));
    }
}
