package io.cutover.agent.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.agent.domain.StartedRelease;
import io.cutover.agent.home.AgentConfig;

/**
 * Talks to the node: its height from the status URL (read with a JSON pointer; a number or a
 * numeric string, as CometBFT prints it) and whether it is catching up, and, in admin mode, the
 * halt request.
 * <p>
 * Over the JDK's HttpURLConnection (keep-alive, no thread of its own): the node is local and spoken
 * to several times a second, and the JDK's HttpClient would load its own classes and the TLS stack
 * with the CA certificates into every agent (≈10 MB of idle RSS; docs/performance.md).
 */
public final class NodeClient {

    private static final int CONNECT_TIMEOUT_MILLIS = 1_000;
    private static final int READ_TIMEOUT_MILLIS = 2_000;

    private final URI statusUrl;
    private final URI adminUrl;
    private final String pointer;
    private final String catchingUpPointer;
    private final ObjectMapper json = new ObjectMapper();

    public NodeClient(AgentConfig.Node config) {
        this.statusUrl = URI.create(config.statusUrl());
        this.adminUrl = URI.create(config.adminUrl());
        this.pointer = config.heightPointer();
        this.catchingUpPointer = pointer.substring(0, pointer.lastIndexOf('/') + 1) + "catching_up";
    }

    /** The node's latest height, or empty when the node does not answer (or answers nonsense). */
    public OptionalLong height() {
        return status().map(s -> OptionalLong.of(s.height())).orElseGet(OptionalLong::empty);
    }

    /**
     * The node's latest height and whether it is catching up ({@code catching_up} next to the height,
     * as in CometBFT's {@code /result/sync_info}; absent = not catching up), or empty when the node
     * does not answer (or answers nonsense).
     */
    public Optional<StartedRelease.NodeStatus> status() {
        try {
            Optional<String> body = exchange(statusUrl, null);
            if (body.isEmpty()) {
                return Optional.empty();
            }
            JsonNode tree = json.readTree(body.get());
            JsonNode value = tree.at(pointer);
            long height;
            if (value.isIntegralNumber()) {
                height = value.asLong();
            } else if (value.isTextual() && value.asText().matches("\\d{1,19}")) {
                height = Long.parseLong(value.asText());
            } else {
                return Optional.empty();
            }
            return Optional.of(new StartedRelease.NodeStatus(height, tree.at(catchingUpPointer).asBoolean(false)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** POSTs {"height": H} to the admin URL (0 clears a pending halt); true when the node accepted it. */
    public boolean requestHalt(long height) {
        try {
            return exchange(adminUrl, "{\"height\": " + height + "}").isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * GET (or POST of a JSON {@code body}); the answer's body when the status is 2xx (200 for a GET),
     * else empty. The response is read to its end, so that the connection is kept alive for the next call.
     */
    private static Optional<String> exchange(URI url, String body) throws IOException {
        if (!url.isAbsolute()) {
            return Optional.empty(); // no such endpoint configured (a node without RPC)
        }
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        boolean accepted = body == null ? status == 200 : status / 100 == 2;
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return accepted ? Optional.of(answer) : Optional.empty();
        }
    }
}
