package io.cutover.core.height;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

class StatusDocumentPollerTest {

    private static final String HEIGHT = "/result/sync_info/latest_block_height";

    private final ObjectMapper json = new ObjectMapper();
    private final List<Long> heights = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "";
    private HttpServer node;
    private URI url;

    @BeforeEach
    void startNode() throws IOException {
        node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/status", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        node.start();
        url = URI.create("http://127.0.0.1:" + node.getAddress().getPort() + "/status");
    }

    @AfterEach
    void stopNode() {
        node.stop(0);
    }

    @Test
    void readsTheHeightAsADecimalStringOrANumberAndHandsOverTheDocument() {
        List<String> hashes = new CopyOnWriteArrayList<>();
        StatusDocumentPoller poller = new StatusDocumentPoller(url, HEIGHT, json, (height, document) -> {
            heights.add(height);
            hashes.add(document.at("/result/sync_info/latest_block_hash").asText());
        });
        body = "{\"result\":{\"sync_info\":{\"latest_block_hash\":\"AB\",\"latest_block_height\":\"150\"}}}";
        poller.poll();
        body = "{\"result\":{\"sync_info\":{\"latest_block_height\":151}}}";
        poller.poll();
        assertThat(heights).containsExactly(150L, 151L);
        assertThat(hashes).containsExactly("AB", "");
        assertThat(poller.failing()).isFalse();
    }

    @Test
    void aBadAnswerIsAFailureUntilTheNodeAnswersAgain() {
        StatusDocumentPoller poller = new StatusDocumentPoller(url, HEIGHT, json, (height, document) -> heights.add(height));
        for (String bad : List.of("{}", "{\"result\":{\"sync_info\":{\"latest_block_height\":\"-1\"}}}",
                "{\"result\":{\"sync_info\":{\"latest_block_height\":\"soon\"}}}", "not JSON")) {
            body = bad;
            poller.poll();
            assertThat(poller.failing()).as(bad).isTrue();
        }
        status = 500;
        body = "{\"result\":{\"sync_info\":{\"latest_block_height\":\"152\"}}}";
        poller.poll();
        assertThat(poller.failing()).isTrue();
        assertThat(heights).isEmpty();

        status = 200;
        poller.poll();
        assertThat(heights).containsExactly(152L);
        assertThat(poller.failing()).isFalse();
    }

    @Test
    void aListenerThatThrowsIsAFailedPoll() {
        StatusDocumentPoller poller = new StatusDocumentPoller(url, HEIGHT, json, (height, document) -> {
            throw new IllegalStateException("full");
        });
        body = "{\"result\":{\"sync_info\":{\"latest_block_height\":\"150\"}}}";
        poller.poll();
        assertThat(poller.failing()).isTrue();
    }

    @Test
    void startPollsOnItsOwnUntilClosed() throws InterruptedException {
        LinkedBlockingQueue<Long> polled = new LinkedBlockingQueue<>();
        body = "{\"result\":{\"sync_info\":{\"latest_block_height\":\"150\"}}}";
        try (StatusDocumentPoller poller = StatusDocumentPoller.start(Optional.of(url), HEIGHT, Duration.ofMillis(10), json,
                (height, document) -> polled.add(height))) {
            assertThat(polled.poll(10, TimeUnit.SECONDS)).isEqualTo(150L);
            assertThat(polled.poll(10, TimeUnit.SECONDS)).isEqualTo(150L);
        }
    }

    @Test
    void startWithoutAUrlNamesTheMissingKey() {
        assertThatThrownBy(() -> StatusDocumentPoller.start(Optional.empty(), HEIGHT, Duration.ofSeconds(1), json, (h, d) -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cutover.height.status-url is required when cutover.height.source=status-url");
    }
}
