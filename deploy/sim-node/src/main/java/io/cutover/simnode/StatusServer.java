package io.cutover.simnode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.simnode.consensus.Consensus;
import io.cutover.simnode.consensus.ConsensusHttp;
import io.cutover.simnode.consensus.FlatJson;

/**
 * CometBFT-style {@code GET /status}, Cutover's {@code POST /admin/halt {"height": H, "release": R}}
 * and the consensus endpoints the node's peers call, on loopback.
 */
final class StatusServer {

    private static final Pattern HEIGHT = Pattern.compile("\"height\"\\s*:\\s*\"?(\\d+)\"?");
    private static final Pattern RELEASE = Pattern.compile("\"release\"\\s*:\\s*(null|\"([^\"]*)\")");

    private final Node node;
    private final HttpServer server;

    StatusServer(Node node, int port) throws IOException {
        this.node = node;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sim-node-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/status", this::status);
        server.createContext("/admin/halt", this::halt);
        ConsensusHttp.register(server, node.consensus());
    }

    void start() {
        server.start();
    }

    /** Answers one request itself, so that "listening" means "answering at full speed" (its start-up ends here). */
    void warmUp() {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                    java.net.URI.create("http://127.0.0.1:" + port() + "/status").toURL().openConnection();
            c.getInputStream().readAllBytes();
            c.disconnect();
        } catch (IOException e) {
            // not fatal: the first real request pays for the warm-up instead
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void status(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            send(exchange, 405, "{\"error\":\"use GET\"}");
            return;
        }
        send(exchange, 200, statusJson(node.status()));
    }

    static String statusJson(Node.Status s) {
        Consensus.Status c = s.consensus();
        return "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{"
                + "\"node_info\":{\"version\":\"" + s.version() + "\"},"
                + "\"sync_info\":{\"latest_block_height\":\"" + s.height() + "\",\"latest_block_time\":\"" + c.latestBlockTime()
                + "\",\"catching_up\":" + c.catchingUp() + "},"
                + "\"validator_info\":{\"address\":" + FlatJson.quote(c.validator()) + ",\"voting_power\":\"" + c.power() + "\"},"
                + "\"halted\":" + s.halted() + ",\"halt_height\":\"" + s.haltHeight() + "\"}}";
    }

    private void halt(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "{\"error\":\"use POST\"}");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = HEIGHT.matcher(body);
        if (!m.find()) {
            send(exchange, 400, "{\"error\":\"expected {\\\"height\\\": H}\"}");
            return;
        }
        Matcher release = RELEASE.matcher(body);
        String releaseAfter = release.find() ? release.group(2) : null;
        if (releaseAfter != null && !releaseAfter.matches("[A-Za-z0-9._+-]+")) {
            send(exchange, 400, "{\"error\":\"release must be a plain release tag\"}");
            return;
        }
        Node.HaltAnswer answer = node.requestHalt(Long.parseLong(m.group(1)), releaseAfter);
        send(exchange, answer.accepted() ? 200 : 409,
                "{\"accepted\":" + answer.accepted() + ",\"message\":\"" + answer.message() + "\"}");
    }

    private static void send(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
