package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** CometBFT's {@code GET /status} of the stand-in core on loopback: chain id, version, latest height (a string). */
final class CometStatusServer {

    private final HttpServer server;
    private final CoreChain chain;
    private final String chainId;
    private final String version;

    CometStatusServer(CoreChain chain, int port, String chainId, String version) throws IOException {
        this.chain = chain;
        this.chainId = chainId;
        this.version = version;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "comet-status");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/status", this::status);
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private void status(HttpExchange exchange) throws IOException {
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":{\"network\":\"" + chainId + "\",\"version\":\"0.38.12\","
                + "\"moniker\":\"vega " + version + "\"},\"sync_info\":{\"latest_block_height\":\"" + chain.height()
                + "\",\"catching_up\":false}}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
