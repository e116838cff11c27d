package io.cutover.agent.vega;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Vega core's admin JSON-RPC, as Visor calls it (reference/vega-node-apis.md section 1): an
 * HTTP/1.1 POST over a <b>unix socket</b> to {@code httpPath} of
 * {@code {"method":"protocolupgrade.UpgradeStatus","params":[null],"id":<random uint63>}}, the reply
 * {@code {"result":{"AcceptedReleaseInfo":{"VegaReleaseTag":..,"UpgradeBlockHeight":..},"ReadyToUpgrade":..},"error":null,"id":..}}.
 * Keys are matched case-insensitively, as Go's encoding/json does. Jetty's HTTP client speaks HTTP
 * over the JDK's unix-domain sockets (the JDK's own HTTP client cannot).
 */
public final class AdminRpc implements AutoCloseable {

    public static final String METHOD = "protocolupgrade.UpgradeStatus";

    /** What the core says; {@code accepted} is empty before its first block (AcceptedReleaseInfo null). */
    public record UpgradeStatus(Optional<Accepted> accepted, boolean readyToUpgrade) {

        /** The accepted release; {@code tag} "" and {@code height} 0 when no proposal is accepted. */
        public record Accepted(String tag, long height) {

            public boolean none() {
                return tag.isEmpty() && height == 0;
            }
        }
    }

    /** The call failed: no answer, or an answer that is not the JSON-RPC reply of UpgradeStatus. */
    public static final class Failure extends Exception {
        private final boolean answered;

        Failure(String message, boolean answered) {
            super(message);
            this.answered = answered;
        }

        /** False when the socket did not answer at all (counted against Visor's connection retries). */
        public boolean answered() {
            return answered;
        }
    }

    private final HttpClient http = new HttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final long timeoutMillis;

    public AdminRpc(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        http.setConnectTimeout(timeoutMillis);
        http.setFollowRedirects(false);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the admin RPC client", e);
        }
    }

    public UpgradeStatus upgradeStatus(Path socket, String httpPath) throws Failure {
        long id = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        String body = "{\"method\":\"" + METHOD + "\",\"params\":[null],\"id\":" + id + "}";
        ContentResponse response;
        try {
            response = http.newRequest("http://unix" + httpPath).transport(new Transport.TCPUnix(socket))
                    .method(HttpMethod.POST).body(new StringRequestContent("application/json", body))
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS).send();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted", false);
        } catch (Exception e) {
            String why = e instanceof java.util.concurrent.TimeoutException ? "no answer within " + timeoutMillis + " ms"
                    : e.getCause() != null ? e.getCause().toString() : e.toString();
            throw new Failure("the admin socket " + socket + " did not answer: " + why, false);
        }
        if (response.getStatus() != 200) {
            throw new Failure("HTTP " + response.getStatus() + " from " + socket + httpPath + ": " + abbreviate(response.getContentAsString()), true);
        }
        return parse(response.getContentAsString(), id);
    }

    /** Parses a reply to the request with {@code id}; package-visible for tests of the reply shapes. */
    UpgradeStatus parse(String reply, long id) throws Failure {
        JsonNode root;
        try {
            root = json.readTree(reply);
        } catch (Exception e) {
            throw new Failure("not a JSON-RPC reply: " + abbreviate(reply), true);
        }
        if (root == null || !root.isObject()) {
            throw new Failure("not a JSON-RPC reply: " + abbreviate(reply), true);
        }
        JsonNode error = field(root, "error");
        if (error != null && !error.isNull()) {
            throw new Failure("the core answered an error: " + error.asText(error.toString()), true);
        }
        JsonNode replyId = field(root, "id");
        if (replyId == null || !replyId.isIntegralNumber() || replyId.asLong() != id) {
            throw new Failure("not a JSON-RPC reply to request " + id + " (id " + replyId + "): " + abbreviate(reply), true);
        }
        JsonNode result = field(root, "result");
        if (result == null || !result.isObject()) {
            throw new Failure("the reply has no result object: " + abbreviate(reply), true);
        }
        JsonNode ready = field(result, "ReadyToUpgrade");
        if (ready == null || !ready.isBoolean()) {
            throw new Failure("the reply has no boolean ReadyToUpgrade: " + abbreviate(reply), true);
        }
        JsonNode info = field(result, "AcceptedReleaseInfo");
        if (info == null) {
            throw new Failure("the reply has no AcceptedReleaseInfo: " + abbreviate(reply), true);
        }
        if (info.isNull()) {
            return new UpgradeStatus(Optional.empty(), ready.asBoolean());
        }
        JsonNode tag = field(info, "VegaReleaseTag");
        JsonNode height = field(info, "UpgradeBlockHeight");
        if (tag == null || !tag.isTextual() || height == null || !height.canConvertToExactIntegral() || height.asLong() < 0) {
            throw new Failure("AcceptedReleaseInfo needs VegaReleaseTag (string) and UpgradeBlockHeight (number): " + abbreviate(reply), true);
        }
        return new UpgradeStatus(Optional.of(new UpgradeStatus.Accepted(tag.asText(), height.asLong())), ready.asBoolean());
    }

    /** A field by name, case-insensitively (exact match first), as Go's encoding/json decodes. */
    private static JsonNode field(JsonNode object, String name) {
        if (!object.isObject()) {
            return null;
        }
        if (object.has(name)) {
            return object.get(name);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        String flat = s.replace('\n', ' ').trim();
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
