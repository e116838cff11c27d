package io.cutover.aggregator.messaging;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.config.AggregatorConfig.HeightSource;
import io.cutover.core.height.StatusDocumentPoller;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code cutover.height.source=status-url}, polls a node's CometBFT-style status document for the
 * height ({@link StatusDocumentPoller}). The tally never reads it directly: the tally loop journals each
 * new height it observes as an input, so a rebuild from the journal acts on exactly the same observations.
 */
@ApplicationScoped
public class NodeHeightPoller {

    private final AggregatorConfig.Height config;
    private final ObjectMapper json;
    private final AtomicLong highest = new AtomicLong(-1);
    private StatusDocumentPoller poller;

    public NodeHeightPoller(AggregatorConfig config, ObjectMapper json) {
        this.config = config.height();
        this.json = json;
    }

    /** Whether the network height comes from the agents' reports (not from a status URL). */
    public boolean heightFromAgents() {
        return config.source() == HeightSource.AGENTS;
    }

    void onStart(@Observes StartupEvent event) {
        if (!heightFromAgents()) {
            poller = StatusDocumentPoller.start(config.statusUrl(), config.jsonPointer(), config.pollInterval(), json,
                    (value, document) -> highest.accumulateAndGet(value, Math::max));
        }
    }

    /** The highest height observed so far; empty before the first answer (or with source = agents). */
    public OptionalLong observed() {
        long value = highest.get();
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.close();
        }
    }
}
