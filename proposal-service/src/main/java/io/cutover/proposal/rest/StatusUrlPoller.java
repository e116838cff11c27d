package io.cutover.proposal.rest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.config.ProposalServiceConfig.HeightSource;
import io.cutover.proposal.domain.KnownBlocks;
import io.cutover.proposal.domain.NetworkHeight;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code cutover.height.source=status-url}, polls a CometBFT-style status document and reads
 * the height at {@code cutover.height.json-pointer} (a number or a decimal string).
 */
@ApplicationScoped
public class StatusUrlPoller {

    private static final Logger LOG = Logger.getLogger(StatusUrlPoller.class);

    private static final Pattern BLOCK_HASH = Pattern.compile("[0-9a-fA-F]{64}");

    private final ProposalServiceConfig.HeightConfig config;
    private final NetworkHeight height;
    private final KnownBlocks blocks;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService poller;
    private volatile boolean failing;

    public StatusUrlPoller(ProposalServiceConfig config, NetworkHeight height, KnownBlocks blocks, ObjectMapper json) {
        this.config = config.height();
        this.height = height;
        this.blocks = blocks;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.source() != HeightSource.STATUS_URL) {
            return;
        }
        URI url = config.statusUrl().orElseThrow(() -> new IllegalStateException(
                "cutover.height.status-url is required when cutover.height.source=status-url"));
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-url-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> poll(url), 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("network height from %s at %s every %s", url, config.jsonPointer(), config.pollInterval());
    }

    void poll(URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            JsonNode document = json.readTree(response.body());
            JsonNode node = document.at(config.jsonPointer());
            long value = node.isNumber() ? node.asLong() : Long.parseLong(node.asText());
            if (value < 0) {
                throw new IllegalStateException("negative height " + value);
            }
            String hash = document.at(config.hashJsonPointer()).asText("");
            if (BLOCK_HASH.matcher(hash).matches()) {
                blocks.record(value, hash);
            }
            height.recordPolled(value, clock.instant());
            if (failing) {
                LOG.infof("status URL %s answers again: height %d", url, value);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                LOG.warnf("cannot read the network height from %s at %s: %s", url, config.jsonPointer(), e.getMessage());
                failing = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
