package io.cutover.agent.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;

/**
 * A local imitation of GitHub's release API for vegaprotocol/vega: release {@code tag} (and an older
 * v0.1.0 without assets) on the first page of {@code /repos/vegaprotocol/vega/releases}, its zip
 * assets listed and downloadable while {@code published} says so; every requested path recorded.
 */
final class ReleaseApi implements AutoCloseable {

    final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final String base;

    /** @param assets asset name → content, in listing order */
    ReleaseApi(String tag, Map<String, byte[]> assets, BooleanSupplier published) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requested.add(path);
            String asset = path.substring(path.lastIndexOf('/') + 1);
            byte[] body;
            String type = "application/json";
            if (path.equals("/repos/vegaprotocol/vega/releases") && "per_page=100&page=1".equals(exchange.getRequestURI().getQuery())) {
                String listed = !published.getAsBoolean() ? "" : assets.keySet().stream()
                        .map(name -> "{\"name\":\"" + name + "\",\"content_type\":\"application/zip\",\"browser_download_url\":\"" + base
                                + "/download/" + tag + "/" + name + "\"}")
                        .collect(Collectors.joining(","));
                body = ("[{\"id\":2,\"tag_name\":\"" + tag + "\",\"assets\":[" + listed + "]},{\"id\":1,\"tag_name\":\"v0.1.0\",\"assets\":[]}]")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/repos/vegaprotocol/vega/releases")) {
                body = "[]".getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/download/" + tag + "/" + asset) && assets.containsKey(asset) && published.getAsBoolean()) {
                body = assets.get(asset);
                type = "application/zip";
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** The API's base URL ({@code autoInstall.apiBaseUrl}). */
    String base() {
        return base;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
