package io.cutover.aggregator.messaging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AlertConfig;
import io.cutover.aggregator.domain.alert.Alert;

/**
 * POSTs alerts to the webhooks on threads of its own, each with the header {@code Idempotency-Key}. A webhook
 * that cannot be reached or answers other than 2xx is tried again after 1 s, then twice as long each time up to
 * the maximum, until it accepts; each failure streak is logged once with the URL and the status. An alert is
 * delivered once every webhook accepted it. At most {@code capacity} alerts wait at a time: {@link #submit}
 * refuses more instead of blocking.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<URI> webhooks;
    private final AlertConfig.Format format;
    private final Duration initial;
    private final Duration max;
    private final int capacity;
    private final Consumer<Alert> delivered;
    private final HttpClient http;
    private final ScheduledExecutorService retries;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<URI, Boolean> failing = new ConcurrentHashMap<>();
    private volatile boolean closed;

    WebhookSender(List<URI> webhooks, AlertConfig.Format format, Duration initial, Duration max, int capacity, Consumer<Alert> delivered) {
        this.webhooks = List.copyOf(webhooks);
        this.format = format;
        this.initial = initial;
        this.max = max;
        this.capacity = capacity;
        this.delivered = delivered;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alert-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** True while another alert may be submitted. */
    boolean hasRoom() {
        return waiting.get() < capacity;
    }

    /** Starts delivering {@code alert}; false (nothing done) when {@code capacity} alerts already wait. */
    boolean submit(Alert alert) {
        if (closed || waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            return false;
        }
        String body = AlertJson.body(alert, format);
        AtomicInteger left = new AtomicInteger(webhooks.size());
        for (URI webhook : webhooks) {
            attempt(alert, body, webhook, initial, left);
        }
        return true;
    }

    private void attempt(Alert alert, String body, URI webhook, Duration backoff, AtomicInteger left) {
        if (closed) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(webhook).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Idempotency-Key", alert.key())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                if (failing.remove(webhook) != null) {
                    LOG.infof("webhook %s accepts alerts again", webhook);
                }
                if (left.decrementAndGet() == 0) {
                    waiting.decrementAndGet();
                    delivered.accept(alert);
                }
                return;
            }
            String why = error != null ? (error.getCause() != null ? error.getCause() : error).toString() : "HTTP status " + response.statusCode();
            if (failing.putIfAbsent(webhook, true) == null && !closed) {
                LOG.warnf("webhook %s failed (%s) for alert %s; retrying with backoff from %s up to %s, logged again once it accepts",
                        webhook, why, alert.key(), initial, max);
            }
            Duration next = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
            try {
                retries.schedule(() -> attempt(alert, body, webhook, next, left), backoff.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile: the alert stays PENDING in the alert log
            }
        });
    }

    /** Stops: nothing more is sent or retried (what was not delivered stays PENDING in the alert log). */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
    }
}
