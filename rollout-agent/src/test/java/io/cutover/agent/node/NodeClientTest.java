package io.cutover.agent.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.domain.StartedRelease.NodeStatus;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;

/** The node's status as CometBFT's /status prints it, against a real HTTP server. */
class NodeClientTest {

    private HttpServer server;
    private volatile String body;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsTheHeightAndWhetherTheNodeIsCatchingUp() throws IOException {
        NodeClient client = serving("{\"result\":{\"sync_info\":{\"latest_block_height\":\"41\",\"catching_up\":true}}}");
        assertThat(client.status()).contains(new NodeStatus(41, true));
        body = "{\"result\":{\"sync_info\":{\"latest_block_height\":42,\"catching_up\":false}}}";
        assertThat(client.status()).contains(new NodeStatus(42, false));
        assertThat(client.height()).hasValue(42);
    }

    @Test
    void aStatusWithoutCatchingUpIsNotCatchingUp() throws IOException {
        NodeClient client = serving("{\"result\":{\"sync_info\":{\"latest_block_height\":\"7\"}}}");
        assertThat(client.status()).contains(new NodeStatus(7, false));
    }

    @Test
    void nonsenseOrNoAnswerIsNoStatus() throws IOException {
        NodeClient client = serving("{\"result\":{\"sync_info\":{\"latest_block_height\":\"seven\"}}}");
        assertThat(client.status()).isEmpty();
        server.stop(0);
        server = null;
        assertThat(client.status()).isEqualTo(Optional.empty());
    }

    private NodeClient serving(String json) throws IOException {
        body = json;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/status";
        return new NodeClient(new AgentConfig.Node(url, AgentConfigParser.DEFAULT_HEIGHT_POINTER, AgentConfig.HaltMode.OBSERVE, "",
                "", Duration.ofMillis(50), Duration.ofSeconds(3), Duration.ofMinutes(5)));
    }
}
