package io.cutover.aggregator.messaging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.config.AggregatorConfig.HeightSource;
import io.quarkus.runtime.StartupEvent;

/**
 * With {@code cutover.height.source=status-url}, polls a node's CometBFT-style status document for the
 * height. The tally never reads it directly: the tally loop journals each new height it observes as an
 * input, so a rebuild from the journal acts on exactly the same observations.
 */
@ApplicationScoped
public class NodeHeightPoller {

    private static final Logger LOG = Logger.getLogger(NodeHeightPoller.class);

    private final AggregatorConfig.Height config;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong highest = new AtomicLong(-1);
    private ScheduledExecutorService poller;
    private volatile boolean failing;

    public NodeHeightPoller(AggregatorConfig config, ObjectMapper json) {
        this.config = config.height();
        this.json = json;
    }

    /** Whether the network height comes from the agents' reports (not from a status URL). */
    public boolean heightFromAgents() {
        return config.source() == HeightSource.AGENTS;
    }

    void onStart(@Observes StartupEvent event) {
        if (heightFromAgents()) {
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

    /** The highest height observed so far; empty before the first answer (or with source = agents). */
    public OptionalLong observed() {
        long value = highest.get();
        return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    void poll(URI url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            JsonNode node = json.readTree(response.body()).at(config.jsonPointer());
            if (node.isMissingNode()) {
                throw new IllegalStateException("no value at " + config.jsonPointer());
            }
            long value = node.isNumber() ? node.asLong() : Long.parseLong(node.asText());
            if (value < 0) {
                throw new IllegalStateException("negative height " + value);
            }
            highest.accumulateAndGet(value, Math::max);
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
