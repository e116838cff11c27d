package io.cutover.ctl.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.core.events.EventJson;
import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.proto.v1.RolloutStatus;

/**
 * vote-aggregator's {@code GET /api/v1/agents}: the latest {@code rollout.status} of each node, as
 * the proto3 JSON of {@link RolloutStatus} (a JSON array, or an object whose {@code agents} is one).
 */
public final class AgentsClient {

    public static final String PATH = "/api/v1/agents";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final Duration timeout;
    private final HttpClient http;
    private final String scheme;
    private final String chain;

    public AgentsClient(Endpoint endpoint, Duration timeout) {
        this(endpoint, timeout, TransportSecurity.PLAINTEXT, "");
    }

    /** {@code chain}: sent as {@code ?chain=}; blank while the aggregator serves one network. */
    public AgentsClient(Endpoint endpoint, Duration timeout, TransportSecurity security, String chain) {
        this.endpoint = endpoint;
        this.chain = chain;
        this.timeout = timeout;
        this.scheme = security.scheme();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (security.tls()) {
            builder.sslContext(security.sslContext());
        }
        this.http = builder.build();
    }

    public List<RolloutStatus> agents() {
        HttpRequest request = HttpRequest.newBuilder(endpoint.uri(scheme, chain.isBlank() ? PATH
                        : PATH + "?chain=" + URLEncoder.encode(chain, StandardCharsets.UTF_8)))
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CommandFailure(ExitCode.UNREACHABLE, QueryClient.SERVICE + " at " + endpoint + " did not answer " + PATH + " in time", "", e);
        } catch (ConnectException e) {
            throw new CommandFailure(ExitCode.UNREACHABLE, "cannot reach " + QueryClient.SERVICE + " at " + endpoint + " (" + PATH + ")", "", e);
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.UNREACHABLE, "cannot read " + PATH + " from " + endpoint + ": " + e.getMessage(), "", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure(ExitCode.ERROR, "interrupted", "", e);
        }
        if (response.statusCode() != 200) {
            String reason = problemReason(response.body());
            if (!reason.isEmpty()) {
                throw RpcFailures.refusal(reason, "", QueryClient.SERVICE, null);
            }
            throw new CommandFailure(ExitCode.ERROR, "GET " + PATH + " at " + endpoint + " answered HTTP " + response.statusCode());
        }
        return parse(response.body());
    }

    /** The reason of an application/problem+json answer; "" for any other body. */
    private static String problemReason(String body) {
        try {
            return JSON.readTree(body).path("reason").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    static List<RolloutStatus> parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode items = root.isArray() ? root : root.path("agents");
            if (!items.isArray()) {
                throw new CommandFailure(ExitCode.ERROR, "GET " + PATH + " answered neither a JSON array nor {\"agents\": [...]}");
            }
            List<RolloutStatus> agents = new ArrayList<>();
            for (JsonNode item : items) {
                agents.add(EventJson.read(item.toString(), RolloutStatus.newBuilder()));
            }
            return agents;
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.ERROR, "GET " + PATH + " did not answer rollout statuses: " + e.getMessage(), "", e);
        }
    }
}
