package io.cutover.localnet;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;

/**
 * The run's own webhook: receives the aggregator's alerts (the plain JSON body), hands each to a
 * listener as it arrives and keeps them for the run's checks.
 */
final class AlertReceiver implements AutoCloseable {

    /** One alert as received: its idempotency key, kind, chain and title. */
    record Received(String key, String kind, String chainId, String title) {
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();

    AlertReceiver(Consumer<Received> listener) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Struct.Builder body = Struct.newBuilder();
                JsonFormat.parser().merge(new String(in.readAllBytes(), StandardCharsets.UTF_8), body);
                Received alert = new Received(text(body, "idempotency_key"), text(body, "kind"), text(body, "chain_id"), text(body, "title"));
                synchronized (this) {
                    received.add(alert);
                }
                listener.accept(alert);
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException | RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private static String text(Struct.Builder body, String field) {
        return body.getFieldsOrDefault(field, com.google.protobuf.Value.getDefaultInstance()).getStringValue();
    }

    /** The URL the aggregator posts to. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Every alert received so far, in arrival order (a repeat of a key is kept: the checks count them). */
    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
