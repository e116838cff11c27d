package io.cutover.core.height;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * With {@code cutover.height.source=status-url} (proposal-service and vote-aggregator alike): polls
 * a node's CometBFT-style status document on a thread of its own and reads the height at a JSON
 * pointer (a number or a decimal string). What a service does with each height is its
 * {@link Listener}'s. A node that stops answering is logged once, and once more when it answers again.
 * Plain JDK and Jackson: the services start it on start-up and close it on shutdown.
 */
public final class StatusDocumentPoller implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatusDocumentPoller.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** What a service does with a height its node reported. */
    @FunctionalInterface
    public interface Listener {

        /**
         * @param height   the height at the JSON pointer, not negative
         * @param document the whole status document, for the values beside the height (e.g. the block hash)
         */
        void polled(long height, JsonNode document);
    }

    private final URI url;
    private final String jsonPointer;
    private final ObjectMapper json;
    private final Listener listener;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private ScheduledExecutorService poller;
    private volatile boolean failing;

    /** Polls only when {@link #poll} is called (tests); {@link #start} polls on a schedule. */
    StatusDocumentPoller(URI url, String jsonPointer, ObjectMapper json, Listener listener) {
        this.url = url;
        this.jsonPointer = jsonPointer;
        this.json = json;
        this.listener = listener;
    }

    /**
     * Polls {@code statusUrl} at once and then {@code interval} after each answer.
     *
     * @throws IllegalStateException when no URL is configured (cutover.height.status-url)
     */
    public static StatusDocumentPoller start(Optional<URI> statusUrl, String jsonPointer, Duration interval, ObjectMapper json,
            Listener listener) {
        URI url = statusUrl.orElseThrow(() -> new IllegalStateException(
                "cutover.height.status-url is required when cutover.height.source=status-url"));
        StatusDocumentPoller started = new StatusDocumentPoller(url, jsonPointer, json, listener);
        started.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status-url-poll");
            t.setDaemon(true);
            return t;
        });
        started.poller.scheduleWithFixedDelay(started::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log(Level.INFO, "network height from %s at %s every %s", url, jsonPointer, interval);
        return started;
    }

    /** One poll: a failure is logged (once until the node answers again), never thrown. */
    void poll() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            JsonNode document = json.readTree(response.body());
            JsonNode node = document.at(jsonPointer);
            if (node.isMissingNode()) {
                throw new IllegalStateException("no value at " + jsonPointer);
            }
            long value = node.isNumber() ? node.asLong() : Long.parseLong(node.asText());
            if (value < 0) {
                throw new IllegalStateException("negative height " + value);
            }
            listener.polled(value, document);
            if (failing) {
                log(Level.INFO, "status URL %s answers again: height %d", url, value);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (!failing) {
                log(Level.WARNING, "cannot read the network height from %s at %s: %s", url, jsonPointer, e.getMessage());
                failing = true;
            }
        }
    }

    /** Whether the last poll failed (logged once until the node answers again). */
    boolean failing() {
        return failing;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private static void log(Level level, String format, Object... args) {
        LOG.log(level, () -> String.format(Locale.ROOT, format, args));
    }
}
