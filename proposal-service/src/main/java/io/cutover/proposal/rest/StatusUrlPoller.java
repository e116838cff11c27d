package io.cutover.proposal.rest;

import java.time.Clock;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.core.height.StatusDocumentPoller;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.config.ProposalServiceConfig.HeightSource;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import java.time.Instant;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code cutover.height.source=status-url}, polls a CometBFT-style status document
 * ({@link StatusDocumentPoller}) and records the height at {@code cutover.height.json-pointer} (a
 * number or a decimal string) and the block hash at {@code cutover.height.hash-json-pointer}.
 */
@ApplicationScoped
public class StatusUrlPoller {

    private static final Pattern BLOCK_HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private final ProposalServiceConfig.HeightConfig config;
    private final ServedNetworks networks;
    private ServedNetwork network;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();
    private StatusDocumentPoller poller;

    public StatusUrlPoller(ProposalServiceConfig config, ServedNetworks networks, ObjectMapper json) {
        this.config = config.height();
        this.networks = networks;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.source() == HeightSource.STATUS_URL) {
            network = networks.only().orElseThrow(() -> new IllegalStateException("cutover.height.source=status-url polls one"
                    + " node, so it serves one network; this service serves " + networks.all().size()
                    + ". Use cutover.height.source=agents (heights per chain from rollout.status) or one service per network"));
            poller = StatusDocumentPoller.start(config.statusUrl(), config.jsonPointer(), config.pollInterval(), json, this::record);
        }
    }

    private void record(long value, JsonNode document) {
        String hash = document.at(config.hashJsonPointer()).asText("");
        if (BLOCK_HASH.matcher(hash).matches()) {
            network.blocks().record(value, hash);
        }
        Instant now = clock.instant();
        network.height().recordPolled(value, now);
        network.observedHeight(value, now);
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.close();
        }
    }
}
