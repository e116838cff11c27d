package io.cutover.localnet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the local network reads of the chain from a simulated node's HTTP port: its height
 * ({@code GET /status}) and committed blocks ({@code GET /consensus/blocks?from=N}, one
 * {@code height time-ms release proposer signer,...} line a block; deploy/sim-node/README.md).
 */
final class ChainBlocks {

    private static final Pattern HEIGHT = Pattern.compile("\"latest_block_height\"\\s*:\\s*\"?(\\d+)");

    /** One committed block: the proposer's timestamp and the release that made it. */
    record Block(long height, Instant time, String release, String proposer, List<String> signers) {

        static Optional<Block> parse(String line) {
            String[] p = line.trim().split(" ");
            if (p.length != 5) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Block(Long.parseLong(p[0]), Instant.ofEpochMilli(Long.parseLong(p[1])), p[2], p[3],
                        List.of(p[4].split(","))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }

    private ChainBlocks() {
    }

    /** The node's latest committed height; empty while it does not answer (stopped, switching). */
    static OptionalLong latestHeight(HttpClient http, int port) {
        return get(http, port, "/status").map(body -> {
            Matcher m = HEIGHT.matcher(body);
            return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    /** The blocks from {@code height} on that the node holds (a bounded batch); empty when it does not answer. */
    static List<Block> from(HttpClient http, int port, long height) {
        return get(http, port, "/consensus/blocks?from=" + height)
                .map(body -> body.lines().map(Block::parse).flatMap(Optional::stream).toList())
                .orElse(List.of());
    }

    private static Optional<String> get(HttpClient http, int port, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException notAnswering) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
