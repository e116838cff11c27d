package io.cutover.localnet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.testing.ReleaseArtifacts;

/** Serves release artifacts from one folder over HTTP on loopback, as a release page would. */
final class ArtifactServer implements AutoCloseable {

    private final HttpServer server;
    private final Path folder;
    private final java.util.Map<String, byte[]> nextResponse = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long bytesPerSecond;

    ArtifactServer(Path folder) throws IOException {
        this.folder = folder.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    String urlOf(String fileName) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + fileName;
    }

    /** The next request for {@code fileName} gets {@code content} instead (a truncated or tampered artifact), once. */
    void serveOnce(String fileName, byte[] content) {
        nextResponse.put(fileName, content.clone());
    }

    /** Serves every file no faster than {@code bytesPerSecond} from now on (a modelled download link; 0: no limit). */
    void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    /** How many artifact requests were answered. */
    int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring(1);
            byte[] once = nextResponse.remove(name);
            if (once != null && "GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, once.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(once);
                }
                return;
            }
            Path file = folder.resolve(name).normalize();
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(folder) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                if (bytesPerSecond > 0) {
                    ReleaseArtifacts.writeThrottled(out, Files.readAllBytes(file), bytesPerSecond);
                } else {
                    Files.copy(file, out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
