package io.cutover.aggregator.messaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A packaged aggregator a test started: its name, HTTP port and process, and what it answers over HTTP. */
record AggregatorInstance(String name, int port, Process process) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** The body of GET {@code path}; empty while the instance does not answer. */
    String get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The value of one sample of its Prometheus metrics, e.g. {@code name{tag="x"}}; empty while it does not answer. */
    Optional<Double> metric(String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + "\\s+(\\S+)$").matcher(get("/q/metrics"));
        return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
    }
}
