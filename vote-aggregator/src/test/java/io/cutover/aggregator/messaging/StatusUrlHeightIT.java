package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The packaged aggregator with {@code cutover.height.source=status-url}: no agent ever reports, a node's
 * status document says the height, and a proposal not approved by its height is rejected there. Killed
 * and started again with the node gone, it rebuilds the same result from the journaled observations.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class StatusUrlHeightIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aProposalExpiresAtItsHeightFromTheNodeAndARebuildSaysTheSame(KafkaBroker broker) throws Exception {
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        Path toml = network.writeToml();
        AtomicLong height = new AtomicLong(100);
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/status", exchange -> {
            byte[] body = ("{\"result\":{\"sync_info\":{\"latest_block_height\":\"" + height.get() + "\"}}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        node.start();
        String[] statusUrl = {"-Dcutover.height.source=status-url",
            "-Dcutover.height.status-url=http://127.0.0.1:" + node.getAddress().getPort() + "/status",
            "-Dcutover.height.poll-interval=200ms"};
        int port = KafkaBroker.freePort();
        String base = "http://127.0.0.1:" + port;
        Process first = launch(broker, toml, port, "status-url-1", statusUrl);
        try (KafkaProducer<String, String> kafka = TestNetwork.producer(broker.bootstrapServers())) {
            awaitJson(first, base + "/api/v1/network", n -> n.path("networkHeight").asLong() == 100);
            TestNetwork.send(kafka, network.approve(1, "v1.1.0", 150));
            awaitJson(first, base + "/api/v1/proposals/v1.1.0@150", p -> p.path("status").asText().equals("PROPOSAL_STATUS_PENDING"));

            height.set(150);
            JsonNode rejected = awaitJson(first, base + "/api/v1/proposals/v1.1.0@150",
                    p -> p.path("status").asText().equals("PROPOSAL_STATUS_REJECTED"));
            assertThat(rejected.path("statusReason").asText()).contains("not approved by its height 150");
        } finally {
            PackagedAggregator.kill(first);
            node.stop(0);
        }

        // the node is gone: the rebuild has only the journal's observations to go by
        Process second = launch(broker, toml, port, "status-url-2", statusUrl);
        try {
            awaitJson(second, base + "/api/v1/network", n -> n.path("networkHeight").asLong() == 150);
            JsonNode rebuilt = awaitJson(second, base + "/api/v1/proposals/v1.1.0@150",
                    p -> p.path("status").asText().equals("PROPOSAL_STATUS_REJECTED"));
            assertThat(rebuilt.path("statusReason").asText()).contains("not approved by its height 150");
        } finally {
            PackagedAggregator.kill(second);
        }
    }

    private static Process launch(KafkaBroker broker, Path toml, int port, String name, String... extra) {
        String[] all = new String[extra.length + 1];
        System.arraycopy(extra, 0, all, 0, extra.length);
        all[extra.length] = "-Dquarkus.http.port=" + port;
        return PackagedAggregator.launch(broker.bootstrapServers(), toml, PackagedAggregator.tempLog(name), all);
    }

    private JsonNode awaitJson(Process aggregator, String url, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String last = "none";
        while (System.nanoTime() < deadline) {
            assertThat(aggregator.isAlive()).as("aggregator alive").isTrue();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && condition.test(json.readTree(response.body()))) {
                    return json.readTree(response.body());
                }
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " did not meet the condition within " + TIMEOUT + "; last answer: " + last);
    }
}
