package io.cutover.agent.cosmos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code GET /cosmos/upgrade/v1beta1/current_plan} on the node's REST (gRPC-gateway) server:
 * {@code {"plan":{"name":"v2","height":"120","info":"..."}}} (int64 as a string), or
 * {@code {"plan":null}} when nothing is scheduled.
 */
public final class RestCurrentPlan implements CurrentPlanSource {

    public static final String PATH = "/cosmos/upgrade/v1beta1/current_plan";

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    public RestCurrentPlan(String restAddress) {
        String base = restAddress.contains("://") ? restAddress : "http://" + restAddress;
        this.url = URI.create(base.replaceAll("/+$", "") + PATH);
    }

    @Override
    public Optional<UpgradePlan> currentPlan() throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered HTTP " + response.statusCode());
        }
        JsonNode plan = json.readTree(response.body()).path("plan");
        if (plan.isMissingNode() || plan.isNull() || plan.path("name").asText("").isEmpty()) {
            return Optional.empty();
        }
        JsonNode height = plan.path("height");
        if (!(height.isIntegralNumber() || height.isTextual() && height.asText().matches("\\d{1,19}"))) {
            throw new IOException(url + " returned a plan without a height: " + response.body());
        }
        return Optional.of(new UpgradePlan(plan.path("name").asText(), height.asLong(), plan.path("info").asText("")));
    }
}
