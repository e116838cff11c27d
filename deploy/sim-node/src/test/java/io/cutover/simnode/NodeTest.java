package io.cutover.simnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.simnode.consensus.Validators;

class NodeTest {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();
    private Node node;
    private StatusServer server;
    private Thread producer;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        if (node != null) {
            node.stop();
            producer.join(2000);
        }
    }

    @Test
    void haltsExactlyAtTheRequestedHeightAndKeepsServingStatus() throws Exception {
        start(OptionalLong.empty());
        get();
        long target = node.status().height() + 50;
        assertThat(post("{\"height\": " + target + "}").statusCode()).isEqualTo(200);
        waitUntil(() -> node.status().halted());
        // the halt is set by the commit of block `target` under the consensus lock, and no block is proposed
        // or accepted while the node is halted: once halted is seen, the height cannot move past it
        assertThat(node.status().height()).isEqualTo(target);
        assertThat(Files.readString(home.resolve(Node.HEIGHT_FILE))).isEqualTo(Long.toString(target));
        String status = get().body();
        assertThat(status).contains("\"latest_block_height\":\"" + target + "\"").contains("\"halted\":true");
    }

    @Test
    void resumesFromThePersistedHeight() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "41");
        start(OptionalLong.empty());
        waitUntil(() -> node.status().height() >= 43);
        assertThat(node.status().height()).isGreaterThanOrEqualTo(43);
    }

    @Test
    void startsFromTheSnapshotHeight() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "7");
        start(OptionalLong.of(100));
        assertThat(node.status().height()).isGreaterThanOrEqualTo(100);
        java.util.regex.Matcher reported = java.util.regex.Pattern.compile("\"latest_block_height\":\"(\\d+)\"").matcher(get().body());
        assertThat(reported.find()).isTrue();
        assertThat(Long.parseLong(reported.group(1))).isGreaterThanOrEqualTo(100); // blocks keep coming: not an exact height
    }

    @Test
    void refusesAHaltAtAHeightThatHasPassed() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "50");
        start(OptionalLong.empty());
        HttpResponse<String> answer = post("{\"height\": 10}");
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body()).contains("has passed");
        assertThat(node.status().halted()).isFalse();
    }

    @Test
    void haltsAtOnceWhenTheRequestedHeightIsTheLatestAndResumesWhenCleared() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "20");
        node = new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.empty(), quietLog());
        assertThat(node.requestHalt(20, null).accepted()).isTrue();
        assertThat(node.status().halted()).isTrue();
        assertThat(node.requestHalt(0, null).accepted()).isTrue();
        assertThat(node.status().halted()).isFalse();
        producer = new Thread(() -> { });
    }

    @Test
    void aRestartedNodeRemembersItsHaltButASnapshotStartForgetsIt() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "30");
        Node first = new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.empty(), quietLog());
        first.requestHalt(30, null);
        Node restarted = new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.empty(), quietLog());
        assertThat(restarted.status().halted()).isTrue();
        Node upgraded = new Node("v1.1.0", home, Duration.ofSeconds(30), OptionalLong.of(30), quietLog());
        assertThat(upgraded.status().halted()).isFalse();
        assertThat(upgraded.status().haltHeight()).isZero();
    }

    @Test
    void aSkippedUpgradeHeightIsNotHaltedAtAndItsReleaseIsNotInForce() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "30");
        new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.empty(), quietLog()).requestHalt(30, "v1.1.0");
        Node.Behaviour skip30 = new Node.Behaviour(java.util.Set.of(30L), false);
        Node back = new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.empty(), Validators.solo("self", 0), "self", skip30,
                quietLog());
        assertThat(back.status().halted()).isFalse();
        assertThat(back.upgradeHeight()).isZero();
        assertThat(back.releaseAfterUpgrade()).isNull();
        assertThat(back.requestHalt(30, null).accepted()).as("the skipped height is not halted at again").isFalse();
        Node fromSnapshot = new Node("v1.0.0", home, Duration.ofSeconds(30), OptionalLong.of(30), Validators.solo("self", 0), "self",
                skip30, quietLog());
        assertThat(fromSnapshot.upgradeHeight()).isZero();
    }

    @Test
    void aPanickingReleaseTakesNoBlock() throws Exception {
        Files.writeString(home.resolve(Node.HEIGHT_FILE), "30");
        Node panicking = new Node("v1.1.0", home, Duration.ofSeconds(30), OptionalLong.of(30), Validators.solo("self", 0), "self",
                new Node.Behaviour(java.util.Set.of(), true), quietLog());
        assertThat(panicking.stopReason()).isEqualTo("release v1.1.0 panics past height 30");
    }

    @Test
    void malformedHaltRequestIsRefused() throws Exception {
        start(OptionalLong.empty());
        assertThat(post("{\"h\": 1}").statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/status")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    private void start(OptionalLong snapshot) throws Exception {
        node = new Node("v1.0.0", home, Duration.ofMillis(10), snapshot, quietLog());
        server = new StatusServer(node, 0);
        server.start();
        producer = new Thread(node::runUntilStopped);
        producer.start();
    }

    private static PrintStream quietLog() {
        return new PrintStream(new ByteArrayOutputStream());
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/admin/halt"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(5);
        }
    }
}
