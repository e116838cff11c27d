package io.cutover.simnode.consensus;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import io.cutover.simnode.consensus.Validators.Validator;

/** The HTTP calls a node makes to its peers' consensus endpoints, with short timeouts (all on loopback). */
final class PeerClient {

    /** A peer's answer: its fields, or why there is none (unreachable, an error status, garbage). */
    record Answer(Validator peer, Map<String, String> fields, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    PeerClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "consensus-peers");
                    t.setDaemon(true);
                    return t;
                })).build();
    }

    /** GET (body null) or POST {@code body} to {@code path} of every peer at once; waits for all, each within the timeout. */
    List<Answer> callAll(List<Validator> peers, String path, String body) {
        List<CompletableFuture<Answer>> calls = peers.stream().map(p -> call(p, path, body)).toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }

    CompletableFuture<Answer> call(Validator peer, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + peer.address() + path)).timeout(timeout);
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error.getCause() != null ? error.getCause() : error;
                return new Answer(peer, Map.of(), "unreachable (" + cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")");
            }
            if (response.statusCode() != 200) {
                return new Answer(peer, Map.of(), "answered HTTP " + response.statusCode() + " to " + path + ": "
                        + Block.abbreviate(response.body()));
            }
            if (path.startsWith("/consensus/blocks")) {
                return new Answer(peer, Map.of("lines", response.body()), null);
            }
            try {
                return new Answer(peer, FlatJson.read(response.body()), null);
            } catch (IllegalArgumentException e) {
                return new Answer(peer, Map.of(), "answered garbage to " + path + ": " + Block.abbreviate(response.body()));
            }
        });
    }
}
