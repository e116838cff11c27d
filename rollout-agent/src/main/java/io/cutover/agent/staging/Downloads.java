package io.cutover.agent.staging;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The agent's one HTTP client for downloads (release artifacts, GitHub's release list, Cosmovisor
 * binaries), built on first use: the JDK's HttpClient brings its own classes, a selector thread and
 * the TLS stack with the CA certificates (≈1,100 classes, ≈10 MB of an idle agent's RSS), which an
 * agent that never downloads does not need (docs/performance.md, "Agent memory and start-up").
 */
public final class Downloads {

    private Downloads() {
    }

    public static HttpClient client() {
        return Holder.CLIENT;
    }

    private static final class Holder {
        static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
