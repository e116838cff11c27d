package io.cutover.agent.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.agent.home.AgentConfig;

/**
 * Talks to the node: its height from the status URL (read with a JSON pointer; a number or a
 * numeric string, as CometBFT prints it) and, in admin mode, the halt request.
 */
public final class NodeClient {

    private final URI statusUrl;
    private final URI adminUrl;
    private final String pointer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final ObjectMapper json = new ObjectMapper();

    public NodeClient(AgentConfig.Node config) {
        this.statusUrl = URI.create(config.statusUrl());
        this.adminUrl = URI.create(config.adminUrl());
        this.pointer = config.heightPointer();
    }

    /** The node's latest height, or empty when the node does not answer (or answers nonsense). */
    public OptionalLong height() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(statusUrl).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalLong.empty();
            }
            JsonNode value = json.readTree(response.body()).at(pointer);
            if (value.isIntegralNumber()) {
                return OptionalLong.of(value.asLong());
            }
            if (value.isTextual() && value.asText().matches("\\d{1,19}")) {
                return OptionalLong.of(Long.parseLong(value.asText()));
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** POSTs {"height": H} to the admin URL (0 clears a pending halt); true when the node accepted it. */
    public boolean requestHalt(long height) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(adminUrl).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"height\": " + height + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
