package io.cutover.simnode;

import static io.cutover.simnode.Processes.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.simnode.consensus.Validators;

/**
 * Peers that cannot be reached, answer garbage, claim another validator or push a block without
 * enough signers: each is logged, and no honest node commits without more than 2/3 of the power.
 * The nodes run in this JVM (their HTTP on loopback) to keep these cases fast.
 */
class ChainBadInputTest {

    @TempDir
    Path dir;

    private final List<Runnable> stops = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stopAll() {
        stops.forEach(Runnable::run);
    }

    @Test
    void anUnreachablePeerAndOneAnsweringGarbageAreNamedAndNotCounted() throws Exception {
        int[] ports = ports(4);
        Validators validators = validators(ports);
        Log v1 = start(validators, "v1", ports[0]);
        start(validators, "v2", ports[1]);
        garbage(ports[2]); // v3 answers HTML to everything; v4 is not there at all

        await("v1 names v3's garbage", () -> v1.text().contains("peer v3 at 127.0.0.1:" + ports[2]
                + " answered garbage to /consensus/head: <html>busy</html>"));
        await("no quorum", () -> v1.text().contains("no quorum for block 1: votes of 20 of 40 power"));
        assertThat(v1.text()).contains("waiting for peers at height 0: 20 of 40 power online").contains("v4 unreachable");
        assertThat(v1.height()).as("no block with 20 of 40").isEqualTo("0");
    }

    @Test
    void twoNodesClaimingOneValidatorAreLoggedAndTheSecondIsNotCounted() throws Exception {
        int[] ports = ports(4);
        Validators validators = validators(ports);
        Log v1 = start(validators, "v1", ports[0]);
        start(validators, "v1", ports[1]); // a second v1, at v2's address
        Log v3 = start(validators, "v3", ports[2]);

        await("the duplicate is named", () -> v1.text().contains("two nodes claim validator v1: this one and the node at 127.0.0.1:" + ports[1]));
        await("no quorum", () -> v1.text().contains("no quorum for block 1"));
        assertThat(v1.height()).as("v1 and v3 hold 20 of 40").isEqualTo("0");
        assertThat(v3.height()).isEqualTo("0");
    }

    @Test
    void aBlockWithoutMoreThanTwoThirdsOfThePowerIsNotTaken() throws Exception {
        int[] ports = ports(4);
        Validators validators = validators(ports);
        Log v1 = start(validators, "v1", ports[0]);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/consensus/commit"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"height\":1,\"time\":1,\"release\":\"v1.0.0\",\"proposer\":\"v2\","
                        + "\"signers\":\"v2,v3,v3,v9\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"applied\":false").contains("hold 20 of 40 power, not more than 2/3");
        assertThat(v1.text()).contains("ignored block 1 from v2");
        HttpResponse<String> garbage = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/consensus/vote"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(v1.height()).isEqualTo("0");
    }

    @Test
    void aPeersFileWithTheSameValidatorTwiceIsRefusedNamingTheLine() throws Exception {
        Path peers = Files.writeString(dir.resolve("peers"), "# id power address\nv1 10 127.0.0.1:1\nv2 x 127.0.0.1:2\nv1 10 127.0.0.1:3\n");
        assertThatThrownBy(() -> Validators.read(peers)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 3: the power of v2 must be a positive number, got x")
                .hasMessageContaining("line 4: validator v1 is listed twice");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(SimNode.run(new String[] {"run", "--home", dir.toString(), "--peers", peers.toString(), "--validator", "v1"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("validator v1 is listed twice");
    }

    /** A node of power 10 in this JVM, its log captured. */
    private Log start(Validators validators, String id, int port) throws IOException {
        Log log = new Log(dir.resolve(id + "-" + port));
        Node node = new Node("v1.0.0", log.home, Duration.ofMillis(50), OptionalLong.empty(), validators, id, log.stream);
        StatusServer server = new StatusServer(node, port);
        server.start();
        Thread thread = new Thread(node::runUntilStopped, "node-" + id);
        thread.start();
        stops.add(() -> {
            server.stop();
            node.stop();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return log;
    }

    private void garbage(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> {
            byte[] body = "<html>busy</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        stops.add(() -> server.stop(0));
    }

    private Validators validators(int[] ports) throws IOException {
        List<Validators.Validator> list = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            list.add(new Validators.Validator("v" + (i + 1), 10, "127.0.0.1:" + ports[i]));
        }
        return Validators.read(new Validators(list).write(dir.resolve("peers")));
    }

    private static int[] ports(int n) throws IOException {
        int[] ports = new int[n];
        for (int i = 0; i < n; i++) {
            ports[i] = Processes.freePort();
        }
        return ports;
    }

    /** A node's home and its captured log. */
    private static final class Log {
        final Path home;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        Log(Path home) {
            this.home = home;
        }

        String height() throws IOException {
            return Files.readString(home.resolve(Node.HEIGHT_FILE));
        }

        String text() {
            synchronized (stream) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
