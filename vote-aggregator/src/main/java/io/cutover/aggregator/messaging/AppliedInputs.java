package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.aggregator.domain.Aggregation;
import io.cutover.aggregator.domain.AggregationState;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.events.EventJson;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The inputs applied so far, in order, as one state: used alike when processing live records and
 * when replaying the journal, so both paths compute the same thing.
 */
final class AppliedInputs {

    private static final Logger LOG = Logger.getLogger(AppliedInputs.class);

    /** What one input caused: tally events, and the agent report it carried, if any. */
    record Outcome(List<TallyEvent> events, Optional<RolloutStatus> report) {
        static final Outcome NOTHING = new Outcome(List.of(), Optional.empty());
    }

    private final Duration maxReportAge;
    private final boolean heightFromAgents;
    private final Map<String, RolloutStatus> agents = new TreeMap<>();
    private Aggregation aggregation;
    private String networkText;

    /** The network height from the agents' reports. */
    AppliedInputs(Duration maxReportAge) {
        this(maxReportAge, true);
    }

    /** With {@code heightFromAgents} false the height comes only from journaled node observations. */
    AppliedInputs(Duration maxReportAge, boolean heightFromAgents) {
        this.maxReportAge = maxReportAge;
        this.heightFromAgents = heightFromAgents;
    }

    /** The state a snapshot holds, with this run's settings. */
    static AppliedInputs restore(Optional<String> networkText, Collection<RolloutStatus> agents, Optional<AggregationState> aggregation,
            Duration maxReportAge, boolean heightFromAgents) {
        AppliedInputs state = new AppliedInputs(maxReportAge, heightFromAgents);
        state.networkText = networkText.orElse(null);
        agents.forEach(a -> state.agents.put(a.getNode(), a));
        state.aggregation = aggregation.map(a -> Aggregation.restore(a, maxReportAge, heightFromAgents)).orElse(null);
        return state;
    }

    Optional<Aggregation> aggregation() {
        return Optional.ofNullable(aggregation);
    }

    /** The network.toml text last applied; empty before the first. */
    Optional<String> networkText() {
        return Optional.ofNullable(networkText);
    }

    Collection<RolloutStatus> agents() {
        return new ArrayList<>(agents.values());
    }

    Outcome apply(JournalSource source, String value, long timestampMillis) {
        return switch (source) {
            case NETWORK -> applyNetwork(value, Instant.ofEpochMilli(timestampMillis));
            case TRANSACTION -> applyTransaction(value);
            case ROLLOUT_STATUS -> applyRolloutStatus(value);
            case NODE_HEIGHT -> applyNodeHeight(value, Instant.ofEpochMilli(timestampMillis));
        };
    }

    private Outcome applyNetwork(String toml, Instant at) {
        ConfigResult<NetworkConfig> parsed = NetworkConfigParser.parse(toml, "network.toml");
        if (parsed instanceof ConfigResult.Invalid<NetworkConfig> invalid) {
            LOG.errorf("ignoring a journaled network.toml that does not parse: %s", invalid.describe());
            return Outcome.NOTHING;
        }
        NetworkConfig network = parsed.orThrow();
        networkText = toml;
        if (aggregation == null) {
            aggregation = new Aggregation(network, maxReportAge, heightFromAgents);
            return Outcome.NOTHING;
        }
        return new Outcome(aggregation.onNetworkChanged(network, at), Optional.empty());
    }

    private Outcome applyTransaction(String json) {
        if (aggregation == null || json == null) {
            return Outcome.NOTHING;
        }
        try {
            AcceptedTransaction accepted = EventJson.read(json, AcceptedTransaction.newBuilder());
            return new Outcome(aggregation.onTransaction(accepted), Optional.empty());
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("skipping an %s record that is not an AcceptedTransaction: %s", io.cutover.core.events.Topics.TRANSACTIONS, e.getMessage());
            return Outcome.NOTHING;
        }
    }

    private Outcome applyNodeHeight(String height, Instant at) {
        if (aggregation == null || height == null) {
            return Outcome.NOTHING;
        }
        try {
            return new Outcome(aggregation.onHeight(Long.parseLong(height.strip()), at), Optional.empty());
        } catch (NumberFormatException e) {
            LOG.warnf("skipping a journaled node height that is not a number: %s", height);
            return Outcome.NOTHING;
        }
    }

    private Outcome applyRolloutStatus(String json) {
        if (aggregation == null || json == null) {
            return Outcome.NOTHING;
        }
        try {
            RolloutStatus status = EventJson.read(json, RolloutStatus.newBuilder());
            if (!status.getChainId().equals(aggregation.network().chainId())) {
                return Outcome.NOTHING;
            }
            agents.put(status.getNode(), status);
            return new Outcome(aggregation.onRolloutStatus(status), Optional.of(status));
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("skipping an %s record that is not a RolloutStatus: %s", io.cutover.core.events.Topics.ROLLOUT_STATUS, e.getMessage());
            return Outcome.NOTHING;
        }
    }
}
