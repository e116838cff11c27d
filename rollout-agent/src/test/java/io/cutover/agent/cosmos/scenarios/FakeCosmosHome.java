package io.cutover.agent.cosmos.scenarios;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.cosmos.Checksum;
import io.cutover.agent.cosmos.CosmovisorRunner;
import io.cutover.agent.cosmos.CosmovisorSettings;
import io.cutover.agent.cosmos.CosmovisorSettingsReader;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.testing.KafkaBroker;

/**
 * A Cosmovisor home for one scenario, in the spirit of Cosmovisor's {@code testdata}: fake daemons
 * are small shell scripts ({@link #daemon}) that log each call in {@code <home>/calls}, print what
 * they are, write {@code data/upgrade-info.json} and exit or wait; the agent's
 * {@code cosmovisor run} runs in this JVM on the variables in {@link #env}. Optional parts: a file
 * server for downloads, and the node's RPC (a /status whose height the test sets) at the port its
 * {@code config/config.toml} names.
 */
final class FakeCosmosHome implements AutoCloseable {

    static final String DAEMON = "dummyd";

    final Path home;
    final Map<String, String> env = new LinkedHashMap<>();
    final AtomicLong rpcHeight = new AtomicLong(1);
    /** How many /status requests are still answered 503 (a node whose RPC is not up yet). */
    final AtomicInteger rpcUnavailableFor = new AtomicInteger();
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private HttpServer files;
    private HttpServer rpc;
    private RunningAgent running;

    FakeCosmosHome(Path home) throws IOException {
        this.home = home;
        Files.createDirectories(home.resolve("cosmovisor"));
        Files.createDirectories(home.resolve("data"));
        env.put("DAEMON_HOME", home.toString());
        env.put("DAEMON_NAME", DAEMON);
        env.put("DAEMON_POLL_INTERVAL", "20ms");
        env.put("UNSAFE_SKIP_BACKUP", "true");
        env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:" + KafkaBroker.freePort()); // nothing listens: no CurrentPlan
        env.put("CUTOVER_API_PORT", "0");
        env.put("CUTOVER_MAX_RESTARTS", "0");
        env.put("CUTOVER_RESTARTS_DELAY", "100ms");
        env.put("CUTOVER_PLAN_POLL_INTERVAL", "1s");
    }

    /**
     * Writes {@code cosmovisor/<release>/bin/dummyd}: {@code H} is the home, each call is logged as
     * "&lt;release&gt; &lt;args&gt;" in {@code $H/calls}, then {@code body} runs.
     */
    FakeCosmosHome daemon(String release, String body) throws IOException {
        Path bin = home.resolve("cosmovisor").resolve(release).resolve("bin").resolve(DAEMON);
        Files.createDirectories(bin.getParent());
        Files.writeString(bin, script(release, body));
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** The script of a daemon of {@code release} (also what a download serves). */
    String script(String release, String body) {
        return "#!/bin/sh\nH='" + home + "'\necho \"" + release + " $*\" >> \"$H/calls\"\n" + body + "\n";
    }

    /** Shell: writes data/upgrade-info.json whole (temp file + rename), as x/upgrade's file appears. */
    static String writesPlan(String name, long height, String info) {
        String json = "{\"name\":\"" + name + "\",\"time\":\"0001-01-01T00:00:00Z\",\"height\":" + height
                + (info.isEmpty() ? "" : ",\"info\":\"" + info.replace("\"", "\\\"") + "\"") + "}";
        return "printf '%s' '" + json + "' > \"$H/data/upgrade-info.json.tmp\" && mv \"$H/data/upgrade-info.json.tmp\" \"$H/data/upgrade-info.json\"";
    }

    /** The node's config/config.toml with its RPC at a free port, answering /status with {@link #rpcHeight}. */
    void withRpc() throws IOException {
        rpc = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rpc.createContext("/status", ex -> {
            if (rpcUnavailableFor.getAndDecrement() > 0) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"sync_info\":{\"latest_block_height\":\"" + rpcHeight.get()
                    + "\",\"catching_up\":false}}}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        rpc.start();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/config.toml"), "[rpc]\nladdr = \"tcp://0.0.0.0:" + rpc.getAddress().getPort() + "\"\n");
    }

    /** Serves {@code body} at {@code path}; returns its URL. */
    String serve(String path, byte[] body) throws IOException {
        if (files == null) {
            files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            files.createContext("/", ex -> {
                byte[] b = served.get(ex.getRequestURI().getPath());
                ex.sendResponseHeaders(b == null ? 404 : 200, b == null ? -1 : b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    if (b != null) {
                        out.write(b);
                    }
                }
            });
            files.start();
        }
        served.put(path, body);
        return "http://127.0.0.1:" + files.getAddress().getPort() + path;
    }

    static String sha256(byte[] body) {
        return new Checksum("sha256", "").digestOf(body);
    }

    CosmovisorSettings settings() {
        return CosmovisorSettingsReader.read(env, Optional.empty(), true).orThrow();
    }

    /** {@code cosmovisor run <args>} in this JVM. */
    RunningAgent start(String... args) throws IOException {
        running = CosmovisorRunner.start(settings(), List.of(args), Clock.systemUTC());
        return running;
    }

    /** The exit code of {@code run}, once it ended by itself. */
    int awaitExit(Duration atMost) throws Exception {
        try {
            return running.agent().ended().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            running.close();
        }
    }

    /** {@code cosmovisor run <args>} to its end; its exit code. */
    int run(String... args) throws Exception {
        start(args);
        return awaitExit(Duration.ofSeconds(20));
    }

    List<String> calls() throws IOException {
        Path calls = home.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    String current() throws IOException {
        return Files.readSymbolicLink(home.resolve("cosmovisor/current")).toString();
    }

    String state() throws IOException {
        Path state = home.resolve("cosmovisor/state.json");
        return Files.exists(state) ? Files.readString(state) : "";
    }

    @Override
    public void close() {
        if (running != null) {
            running.close();
        }
        if (files != null) {
            files.stop(0);
        }
        if (rpc != null) {
            rpc.stop(0);
        }
    }
}
