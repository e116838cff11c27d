package io.cutover.agent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.source.UpgradeSource;
import io.cutover.core.events.EventJson;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The agent's HTTP API on {@code [api] host:port}: {@code GET /api/v1/status} (the rollout.status
 * record as JSON), {@code GET /api/v1/upgrades} (the upgrades the source knows with their heights), {@code /q/health} (+ {@code /live}, {@code /ready}) in MicroProfile Health's
 * format and {@code /q/metrics} in Prometheus' text format. The port comes from config.toml, so
 * this small server is started by {@code run} itself rather than at application boot.
 */
public final class StatusApi implements AutoCloseable {

    private final HttpServer server;
    private final Supplier<RolloutStatus> status;
    private final AgentMetrics metrics;

    static {
        // headers and body are separate writes: without TCP_NODELAY keep-alive clients wait for delayed ACKs
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public StatusApi(String host, int port, Supplier<RolloutStatus> status, AgentMetrics metrics) throws IOException {
        this(host, port, status, metrics, List::of);
    }

    /** @param upgrades the upgrades the source knows with their heights, served on {@code GET /api/v1/upgrades} */
    public StatusApi(String host, int port, Supplier<RolloutStatus> status, AgentMetrics metrics,
            Supplier<List<UpgradeSource.KnownUpgrade>> upgrades) throws IOException {
        this.status = status;
        this.metrics = metrics;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "agent-api");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1/status", ex -> send(ex, 200, "application/json", EventJson.write(status.get())));
        server.createContext("/api/v1/upgrades", ex -> send(ex, 200, "application/json",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(upgrades.get())));
        server.createContext("/q/health", this::health);
        server.createContext("/q/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/", ex -> send(ex, 404, "application/json", "{\"error\":\"not found\"}"));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        RolloutStatus s = status.get();
        boolean failed = s.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED;
        boolean checkReady = !path.endsWith("/live");
        boolean up = !(checkReady && failed);
        String check = "{\"name\":\"rollout\",\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"data\":{\"phase\":\""
                + s.getPhase().name().replace("ROLLOUT_PHASE_", "") + "\",\"height\":" + s.getHeight()
                + ",\"lastError\":" + quote(s.getLastError()) + "}}";
        send(exchange, up ? 200 : 503, "application/json",
                "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[" + check + "]}");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void send(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
