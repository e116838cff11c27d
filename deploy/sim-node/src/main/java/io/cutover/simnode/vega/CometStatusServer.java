package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.simnode.consensus.Consensus;
import io.cutover.simnode.consensus.ConsensusHttp;
import io.cutover.simnode.consensus.FlatJson;

/**
 * CometBFT's {@code GET /status} of the stand-in core on loopback (chain id, version, latest height
 * as a string, block time, catching_up) and the consensus endpoints its peers call. It stops, as
 * CometBFT does, when the protocol upgrade starts.
 */
final class CometStatusServer {

    private final HttpServer server;
    private final Consensus consensus;
    private final String chainId;
    private final String version;

    CometStatusServer(Consensus consensus, int port, String chainId, String version) throws IOException {
        this.consensus = consensus;
        this.chainId = chainId;
        this.version = version;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "comet-status");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/status", this::status);
        ConsensusHttp.register(server, consensus);
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private void status(HttpExchange exchange) throws IOException {
        Consensus.Status s = consensus.status();
        byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":{\"network\":" + FlatJson.quote(chainId)
                + ",\"version\":\"0.38.12\",\"moniker\":\"vega " + version + "\"},\"sync_info\":{\"latest_block_height\":\"" + s.height()
                + "\",\"latest_block_time\":\"" + s.latestBlockTime() + "\",\"catching_up\":" + s.catchingUp() + "},"
                + "\"validator_info\":{\"address\":" + FlatJson.quote(s.validator()) + ",\"voting_power\":\"" + s.power() + "\"}}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
