package io.cutover.agent.cosmos.it;

import io.cutover.agent.it.AgentChain;
import io.cutover.agent.it.StateJson;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.cosmos.standin.StandInRelease;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.ReleaseArtifacts;

/**
 * One validator host of a test: a Cosmovisor home whose genesis is the stand-in node, a file
 * server for the plan's binaries (recording what was fetched), the packaged agent started with
 * Cosmovisor's variables, and readers for the agent's state.json. Alone its node is a chain of one;
 * as a host of an {@link AgentChain} its node joins the chain.
 */
final class CosmosNode implements AgentChain.Host {

    static final String DAEMON = "simd";

    final Path dir;
    final Path home;
    final int rpcPort;
    final int grpcPort = KafkaBroker.freePort();
    private final List<String> chainArgs;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> fetched = new CopyOnWriteArrayList<>();
    private final HttpServer files;
    private final Map<String, byte[]> served = new LinkedHashMap<>();
    private Process agent;
    private int agentRuns;
    private volatile long bytesPerSecond;
    int blockIntervalMs = 100;

    CosmosNode(Path dir, String bootstrap, String chain) throws IOException {
        this(dir, bootstrap, chain, KafkaBroker.freePort(), "validator-1", List.of());
    }

    /** The host of {@code member} of an {@link AgentChain}: its node serves its RPC on the member's port and joins the chain. */
    CosmosNode(Path dir, String bootstrap, String chain, AgentChain.Member member) throws IOException {
        this(dir, bootstrap, chain, member.port(), member.validator(), member.chainArgs());
    }

    private CosmosNode(Path dir, String bootstrap, String chain, int rpcPort, String nodeName, List<String> chainArgs) throws IOException {
        this.dir = dir;
        this.rpcPort = rpcPort;
        this.chainArgs = chainArgs;
        this.home = Files.createDirectories(dir.resolve("node"));
        StandInRelease.of("v1").write(home.resolve("cosmovisor/genesis/bin/" + DAEMON));
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/", ex -> {
            fetched.add(ex.getRequestURI().getPath());
            byte[] body = served.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (body != null) {
                    write(out, body);
                }
            }
        });
        files.start();
        env.put("DAEMON_HOME", home.toString());
        env.put("DAEMON_NAME", DAEMON);
        env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:" + grpcPort);
        env.put("DAEMON_POLL_INTERVAL", "50ms");
        env.put("DAEMON_SHUTDOWN_GRACE", "5s");
        env.put("CUTOVER_NODE_STATUS_URL", "http://127.0.0.1:" + rpcPort + "/status");
        env.put("CUTOVER_PLAN_POLL_INTERVAL", "200ms");
        env.put("CUTOVER_RESTARTS_DELAY", "200ms");
        env.put("CUTOVER_START_TIMEOUT", "60s");
        env.put("CUTOVER_BACKUP_KEEP_FREE", "0");
        env.put("CUTOVER_API_PORT", Integer.toString(KafkaBroker.freePort())); // not an ephemeral port the node's gRPC port could be
        if (bootstrap != null) {
            env.put("CUTOVER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.put("CUTOVER_CHAIN_ID", chain);
            env.put("CUTOVER_NODE_NAME", nodeName);
            env.put("CUTOVER_HEARTBEAT", "1s");
        }
    }

    /** Serves every file at {@code bytesPerSecond} from now on (a modelled download link). */
    void throttle(long rate) {
        this.bytesPerSecond = rate;
    }

    private void write(OutputStream out, byte[] body) throws IOException {
        ReleaseArtifacts.writeThrottled(out, body, bytesPerSecond);
    }

    /** Serves {@code body} at {@code path}; returns its URL and SHA-256. */
    String[] serveBytes(String path, byte[] body) {
        served.put(path, body);
        return new String[] {"http://127.0.0.1:" + files.getAddress().getPort() + path, new io.cutover.agent.cosmos.Checksum("sha256", "").digestOf(body)};
    }

    /** Serves {@code release}'s launcher at /&lt;platform&gt;/&lt;version&gt;; returns its URL and SHA-256. */
    String[] serve(String platform, StandInRelease release) throws IOException {
        Path launcher = release.write(dir.resolve("dist").resolve(platform.replace('/', '-')).resolve(release.version()));
        String path = "/" + platform + "/" + release.version();
        served.put(path, Files.readAllBytes(launcher));
        return new String[] {"http://127.0.0.1:" + files.getAddress().getPort() + path, sha256(launcher)};
    }

    /** Places {@code release} as upgrades/&lt;name&gt;/bin/simd (what add-upgrade does). */
    void place(String name, StandInRelease release) throws IOException {
        release.write(home.resolve("cosmovisor/upgrades/" + name + "/bin/" + DAEMON));
    }

    /** Governance schedules a plan (the stand-in's admin endpoint). */
    void schedule(String name, long height, String info) throws Exception {
        String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("name", name).put("height", height)
                .put("info", info).toString();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort + "/admin/plan"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("plan not scheduled: " + r.statusCode());
        }
    }

    /** Starts the packaged agent: {@code bin/rollout-agent cosmovisor run start ...}. */
    void startAgent() throws IOException {
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(), "cosmovisor", "run", "start", "--home", home.toString(),
                "--rpc-port", Integer.toString(rpcPort), "--grpc-port", Integer.toString(grpcPort), "--block-interval-ms", Integer.toString(blockIntervalMs)));
        command.addAll(chainArgs);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + agentRuns++ + ".log").toFile());
        pb.environment().putAll(env);
        agent = pb.start();
    }

    Process agent() {
        return agent;
    }

    /** SIGTERM to the agent; true when it (and so its node) stopped in time. */
    boolean stopAgent() throws InterruptedException {
        if (agent == null) {
            return true;
        }
        agent.destroy();
        return agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    String log(int run) throws IOException {
        return Files.readString(dir.resolve("agent-" + run + ".log"));
    }

    Path state() {
        return home.resolve("cosmovisor/state.json");
    }

    @Override
    public String stateText() throws IOException {
        return Files.exists(state()) ? Files.readString(state()) : "";
    }

    String phase() throws IOException {
        return StateJson.phaseOf(stateText());
    }

    long seen() throws IOException {
        return StateJson.lastSeenHeightOf(stateText());
    }


    String current() throws IOException {
        return Files.readSymbolicLink(home.resolve("cosmovisor/current")).toString();
    }

    /** The node's height from its /status, or -1. */
    @Override
    public long nodeHeight() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"latest_block_height\":\"(\\d+)\"").matcher(r.body());
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null && agent.isAlive()) {
                agent.destroy();
                if (!agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        } finally {
            files.stop(0);
            killLeftovers();
        }
    }

    /** Any node the agent left running (it must not), so that no test leaves a process behind. */
    private void killLeftovers() throws IOException {
        Path pids = home.resolve("cosmovisor/.cutover/children.pids");
        if (Files.exists(pids)) {
            for (String line : Files.readAllLines(pids)) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    ProcessHandle.of(Long.parseLong(parts[0])).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
