package io.cutover.aggregator.messaging;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import com.sun.net.httpserver.HttpServer;

/** A webhook endpoint for tests (the JDK's HTTP server): records every POST and answers what {@code status} says. */
final class WebhookReceiver implements AutoCloseable {

    /** One POST received. */
    record Received(String idempotencyKey, String body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int port, IntSupplier status, Runnable beforeAnswer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(threads);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"), body));
            beforeAnswer.run();
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver answering(int status) throws IOException {
        return new WebhookReceiver(0, () -> status, () -> { });
    }

    static WebhookReceiver on(int port, IntSupplier status, Runnable beforeAnswer) throws IOException {
        return new WebhookReceiver(port, status, beforeAnswer);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
