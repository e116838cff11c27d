package io.cutover.simnode.consensus;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The consensus endpoints a node serves its peers, next to its {@code /status}:
 * {@code GET /consensus/head}, {@code POST /consensus/vote}, {@code POST /consensus/commit} (flat
 * JSON) and {@code GET /consensus/blocks?from=N} (block lines, text/plain).
 */
public final class ConsensusHttp {

    private static final int MAX_BLOCKS = 100;

    private ConsensusHttp() {
    }

    public static void register(HttpServer server, Consensus consensus) {
        server.createContext("/consensus/head", get(ex -> send(ex, 200, "application/json", FlatJson.write(consensus.head()))));
        server.createContext("/consensus/vote", post((ex, fields) -> send(ex, 200, "application/json",
                FlatJson.write(consensus.vote(Block.of(fields), fields.get("instance"))))));
        server.createContext("/consensus/commit", post((ex, fields) -> {
            String refusal = consensus.receive(Block.of(fields));
            send(ex, 200, "application/json", FlatJson.write(refusal == null ? Map.of("applied", true)
                    : Map.of("applied", false, "reason", refusal)));
        }));
        server.createContext("/consensus/blocks", get(ex -> {
            String query = ex.getRequestURI().getQuery();
            long from;
            try {
                from = Long.parseLong(query == null ? "" : query.replaceFirst("^from=", ""));
            } catch (NumberFormatException e) {
                send(ex, 400, "application/json", FlatJson.write(Map.of("error", "expected ?from=HEIGHT")));
                return;
            }
            send(ex, 200, "text/plain", consensus.blocks(from, MAX_BLOCKS).stream().map(b -> b.line() + "\n").collect(Collectors.joining()));
        }));
    }

    private interface BodyHandler {
        void handle(HttpExchange exchange, Map<String, String> fields) throws IOException;
    }

    private static HttpHandler get(HttpHandler handler) {
        return ex -> {
            if (!ex.getRequestMethod().equals("GET")) {
                send(ex, 405, "application/json", "{\"error\":\"use GET\"}");
                return;
            }
            handler.handle(ex);
        };
    }

    private static HttpHandler post(BodyHandler handler) {
        return ex -> {
            if (!ex.getRequestMethod().equals("POST")) {
                send(ex, 405, "application/json", "{\"error\":\"use POST\"}");
                return;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                handler.handle(ex, FlatJson.read(body));
            } catch (IllegalArgumentException e) {
                send(ex, 400, "application/json", FlatJson.write(Map.of("error", e.getMessage())));
            }
        };
    }

    static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
