package io.cutover.agent.cosmos.standin;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.cosmos.SkipHeights;
import io.cutover.agent.cosmos.UpgradePlan;
import io.cutover.proto.cosmos.upgrade.Plan;
import io.cutover.simnode.Network;
import io.cutover.simnode.Panic;
import io.cutover.simnode.consensus.Application;
import io.cutover.simnode.consensus.Block;
import io.cutover.simnode.consensus.Consensus;
import io.cutover.simnode.consensus.ConsensusHttp;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanRequest;
import io.cutover.proto.cosmos.upgrade.QueryCurrentPlanResponse;
import io.cutover.proto.cosmos.upgrade.QueryGrpc;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A stand-in Cosmos-SDK node, run as a child process, that behaves as reference/cosmovisor-formats.md
 * says: {@code start} produces a block every {@code --block-interval} from the height committed in
 * {@code <home>/data}, serves CometBFT {@code GET /status}, x/upgrade's CurrentPlan over gRPC and
 * REST, and (for tests, as governance would) {@code POST/DELETE /admin/plan}. At the plan's height a
 * binary without the plan's handler writes {@code data/upgrade-info.json}, logs UPGRADE NEEDED and
 * CONSENSUS FAILURE and stops advancing with RPC still up (it does not exit); a binary with the
 * handler applies the plan there and goes on. {@code version}, {@code status} and
 * {@code pre-upgrade} (exit code from the release) are sub-commands.
 *
 * Release properties: {@code standin.version}, {@code standin.handlers} (comma-separated plan
 * names), {@code standin.preUpgrade} (exit codes of successive calls, "31,31,0"), {@code standin.failOnStart}.
 *
 * <p>The blocks come from deploy/sim-node's consensus: with {@code --peers FILE --validator ID}
 * (FILE lists {@code <id> <power> <host:rpc-port>} a line) the node is one validator of a
 * simulated chain, without them a chain of one. At the plan's height a binary without the handler
 * does not take the block (the app's committed height stays H-1, /status shows H), so the chain
 * resumes only when more than 2/3 of the power runs a binary with the handler, which makes block H.
 */
public final class CosmosStandIn implements Application {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path data;
    private final Set<String> handlers;
    private final Set<Long> skipHeights;
    private final String version;
    /** The height /status shows: the committed height, or H once the upgrade at H is needed. */
    private volatile long height;
    private volatile boolean halted;
    private String haltMessage;
    private Consensus consensus;

    private CosmosStandIn(Path home, List<String> args) {
        this.home = home;
        this.data = home.resolve("data");
        this.version = System.getProperty("standin.version", "v0");
        this.handlers = Set.of(System.getProperty("standin.handlers", "").split(","));
        this.skipHeights = SkipHeights.of(args);
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = List.of(argv);
        String command = args.isEmpty() ? "" : args.get(0);
        switch (command) {
            case "version" -> System.out.println(System.getProperty("standin.version", "v0"));
            case "pre-upgrade" -> System.exit(preUpgrade(Path.of(option(args, "--home", "."))));
            case "status" -> System.exit(status(Path.of(option(args, "--home", "."))));
            case "start" -> new CosmosStandIn(Path.of(option(args, "--home", ".")), args).start(args);
            default -> {
                System.err.println("usage: standin start|version|status|pre-upgrade --home DIR");
                System.exit(2);
            }
        }
    }

    private void start(List<String> args) throws Exception {
        if (Boolean.getBoolean("standin.failOnStart")) {
            System.out.println("ERR standin " + version + " fails on start");
            System.exit(1);
        }
        Files.createDirectories(data);
        height = Files.exists(data.resolve("height")) ? Long.parseLong(Files.readString(data.resolve("height")).trim()) : 0;
        Duration interval = Duration.ofMillis(Long.parseLong(option(args, "--block-interval-ms", "100")));
        String rpcPort = option(args, "--rpc-port", null);
        Network network = Network.of(Optional.ofNullable(option(args, "--peers", null)), Optional.ofNullable(option(args, "--validator", null)),
                Optional.ofNullable(rpcPort).map(Integer::parseInt), 26657);
        consensus = new Consensus(network.validators(), network.validator(), version, data, height, this, interval, System.out);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", network.port()), 0);
        http.setExecutor(Executors.newFixedThreadPool(4, daemon("standin-http")));
        http.createContext("/status", ex -> send(ex, 200, statusJson()));
        http.createContext("/cosmos/upgrade/v1beta1/current_plan", ex -> send(ex, 200, restPlan()));
        http.createContext("/admin/plan", this::adminPlan);
        ConsensusHttp.register(http, consensus);
        http.start();
        Files.writeString(data.resolve("rpc.port"), Integer.toString(http.getAddress().getPort()));
        Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", Integer.parseInt(option(args, "--grpc-port", "9090"))))
                .addService(new QueryGrpc.QueryImplBase() {
                    @Override
                    public void currentPlan(QueryCurrentPlanRequest request, StreamObserver<QueryCurrentPlanResponse> out) {
                        QueryCurrentPlanResponse.Builder response = QueryCurrentPlanResponse.newBuilder();
                        plan().ifPresent(p -> response.setPlan(Plan.newBuilder().setName(p.name()).setHeight(p.height()).setInfo(p.info())));
                        out.onNext(response.build());
                        out.onCompleted();
                    }
                }).build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("INF caught signal, shutting down standin " + version + " at height " + height);
            consensus.stop();
            grpc.shutdownNow();
            http.stop(0);
        }));
        System.out.println("INF standin " + version + " started at height " + height + ", handlers " + handlers);
        if (Panic.baked()) {
            Panic.after(interval.multipliedBy(2), version, () -> height, System.err);
        }
        consensus.runUntilStopped();
    }

    /**
     * x/upgrade's PreBlocker for the next block, before this node takes part in it: a due plan
     * without a handler here writes upgrade-info.json and stops the node (CONSENSUS FAILURE).
     */
    @Override
    public synchronized String stopReason() {
        if (Panic.baked()) {
            return "release " + version + " panics past height " + height;
        }
        if (halted) {
            return haltMessage;
        }
        long h = height + 1;
        java.util.Optional<UpgradePlan> plan = plan();
        if (plan.isPresent() && plan.get().height() <= h && !skipHeights.contains(h) && !handlers.contains(plan.get().name())) {
            UpgradePlan p = plan.get();
            try {
                writeAtomically(data.resolve("upgrade-info.json"), new UpgradePlan(p.name(), h, p.info()).toJson());
            } catch (IOException e) {
                System.out.println("ERR unable to write upgrade info to filesystem: " + e.getMessage());
            }
            haltMessage = "UPGRADE \"" + p.name() + "\" NEEDED at height: " + p.height() + ": " + p.info();
            System.out.println("ERR " + haltMessage);
            System.out.println("ERR CONSENSUS FAILURE!!! err=\"UPGRADE \\\"" + p.name() + "\\\" NEEDED at height: " + p.height() + "\"");
            height = h; // the block is saved; the app's committed height stays h-1
            halted = true;
            return haltMessage;
        }
        return null;
    }

    /** One block, with x/upgrade's PreBlocker logic for a due plan this binary can apply or skip. */
    @Override
    public synchronized void commit(Block block) {
        long h = block.height();
        try {
            java.util.Optional<UpgradePlan> plan = plan();
            if (plan.isPresent() && plan.get().height() <= h) {
                UpgradePlan p = plan.get();
                if (skipHeights.contains(h)) {
                    System.out.println("INF UPGRADE \"" + p.name() + "\" SKIPPED at " + p.height() + ": " + p.info());
                    Files.deleteIfExists(data.resolve("plan.json"));
                } else {
                    System.out.println("INF applying upgrade \"" + p.name() + "\" at height: " + h);
                    Files.writeString(data.resolve("applied-" + p.name()), Long.toString(h));
                    Files.deleteIfExists(data.resolve("plan.json"));
                }
            }
            height = h;
            writeAtomically(data.resolve("height"), Long.toString(h));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The block before a pending plan's height: the release may change after it (to whichever has the handler). */
    @Override
    public long upgradeHeight() {
        return plan().map(p -> p.height() - 1).orElse(0L);
    }

    @Override
    public String releaseAfterUpgrade() {
        return null;
    }

    private java.util.Optional<UpgradePlan> plan() {
        try {
            Path file = data.resolve("plan.json");
            if (!Files.exists(file)) {
                return java.util.Optional.empty();
            }
            JsonNode node = JSON.readTree(file.toFile());
            return java.util.Optional.of(new UpgradePlan(node.path("name").asText(), node.path("height").asLong(), node.path("info").asText("")));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    private void adminPlan(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "POST" -> {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                writeAtomically(data.resolve("plan.json"), body.toString());
                send(ex, 200, "{}");
            }
            case "DELETE" -> {
                Files.deleteIfExists(data.resolve("plan.json"));
                send(ex, 200, "{}");
            }
            default -> send(ex, 405, "{}");
        }
    }

    private String statusJson() {
        Consensus.Status s = consensus.status();
        return "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":{\"version\":\"" + version + "\"},"
                + "\"sync_info\":{\"latest_block_height\":\"" + height + "\",\"latest_block_time\":\"" + s.latestBlockTime()
                + "\",\"catching_up\":" + s.catchingUp() + "},"
                + "\"validator_info\":{\"address\":\"" + s.validator() + "\",\"voting_power\":\"" + s.power() + "\"}}}";
    }

    private String restPlan() {
        ObjectNode root = JSON.createObjectNode();
        plan().ifPresentOrElse(p -> {
            ObjectNode n = root.putObject("plan");
            n.put("name", p.name());
            n.put("time", "0001-01-01T00:00:00Z");
            n.put("height", Long.toString(p.height()));
            n.put("info", p.info());
            n.putNull("upgraded_client_state");
        }, () -> root.putNull("plan"));
        return root.toString();
    }

    /** {@code <app> status}: the running node's status result, as the SDK CLI prints it. */
    private static int status(Path home) {
        try {
            String port = Files.readString(home.resolve("data").resolve("rpc.port")).trim();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            System.out.println(JSON.readTree(r.body()).path("result"));
            return 0;
        } catch (IOException | InterruptedException e) {
            System.err.println("Error: " + e);
            return 1;
        }
    }

    /** Exits with the next code of {@code standin.preUpgrade} (the count of calls is kept in the home). */
    private static int preUpgrade(Path home) throws IOException {
        String[] codes = System.getProperty("standin.preUpgrade", "1").split(",");
        Path counter = home.resolve("data").resolve("pre-upgrade-calls-" + System.getProperty("standin.version", "v0"));
        int calls = Files.exists(counter) ? Integer.parseInt(Files.readString(counter).trim()) : 0;
        Files.createDirectories(counter.getParent());
        Files.writeString(counter, Integer.toString(calls + 1));
        int code = Integer.parseInt(codes[Math.min(calls, codes.length - 1)].trim());
        System.out.println("standin pre-upgrade call " + (calls + 1) + ": exit " + code);
        return code;
    }

    private static String option(List<String> args, String name, String fallback) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) {
                return args.get(i + 1);
            }
        }
        return fallback;
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

}
