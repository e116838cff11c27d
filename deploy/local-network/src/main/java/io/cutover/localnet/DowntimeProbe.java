package io.cutover.localnet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches every node's CometBFT-style {@code /status} every few milliseconds and notes when each height was
 * first seen, so an upgrade's downtime per node is measured from outside: first sight of the upgrade height
 * (the last block of the old release) to first sight of the next height (the first block of the new one).
 */
final class DowntimeProbe implements AutoCloseable {

    private static final Pattern HEIGHT = Pattern.compile("\"latest_block_height\"\\s*:\\s*\"?(\\d+)");

    private final Map<String, Integer> ports;
    private final Map<String, Map<Long, Long>> firstSeenNanos = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(200)).build();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    DowntimeProbe(Map<String, Integer> nodePorts) {
        this.ports = Map.copyOf(nodePorts);
        nodePorts.forEach((node, port) -> {
            firstSeenNanos.put(node, new java.util.concurrent.ConcurrentHashMap<>());
            Thread t = new Thread(() -> poll(node, port), "downtime-" + node);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        });
    }

    private void poll(String node, int port) {
        URI status = URI.create("http://127.0.0.1:" + port + "/status");
        while (running) {
            try {
                String body = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofMillis(500)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = HEIGHT.matcher(body);
                if (m.find()) {
                    firstSeenNanos.get(node).putIfAbsent(Long.parseLong(m.group(1)), System.nanoTime());
                }
            } catch (Exception down) {
                // the node is stopped: that is what is measured
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Milliseconds from first sight of {@code height} to first sight of any greater height, or -1. */
    long downtimeMillis(String node, long height) {
        Map<Long, Long> seen = firstSeenNanos.get(node);
        Long last = seen.get(height);
        Long next = seen.entrySet().stream().filter(e -> e.getKey() > height).map(Map.Entry::getValue).min(Long::compare).orElse(null);
        return last == null || next == null ? -1 : (next - last) / 1_000_000;
    }

    java.util.Set<String> nodes() {
        return ports.keySet();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
            t.join(2000);
        }
    }
}
