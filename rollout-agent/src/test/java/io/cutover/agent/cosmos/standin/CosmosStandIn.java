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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.cosmos.SkipHeights;
import io.cutover.agent.cosmos.UpgradePlan;
import io.cutover.proto.cosmos.upgrade.Plan;
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
 */
public final class CosmosStandIn {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home;
    private final Path data;
    private final Set<String> handlers;
    private final Set<Long> skipHeights;
    private final String version;
    private volatile long height;
    private volatile boolean halted;

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
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(option(args, "--rpc-port", "26657"))), 0);
        http.setExecutor(Executors.newFixedThreadPool(2, daemon("standin-http")));
        http.createContext("/status", ex -> send(ex, 200, statusJson()));
        http.createContext("/cosmos/upgrade/v1beta1/current_plan", ex -> send(ex, 200, restPlan()));
        http.createContext("/admin/plan", this::adminPlan);
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
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("INF caught signal, shutting down standin " + version + " at height " + height);
            stop.countDown();
            grpc.shutdownNow();
            http.stop(0);
        }));
        System.out.println("INF standin " + version + " started at height " + height + ", handlers " + handlers);
        while (!stop.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
            if (!halted) {
                block(height + 1);
            }
        }
    }

    /** One block, with x/upgrade's PreBlocker logic for a due plan. */
    private void block(long h) throws IOException {
        java.util.Optional<UpgradePlan> plan = plan();
        if (plan.isPresent() && plan.get().height() <= h) {
            UpgradePlan p = plan.get();
            if (skipHeights.contains(h)) {
                System.out.println("INF UPGRADE \"" + p.name() + "\" SKIPPED at " + p.height() + ": " + p.info());
                Files.deleteIfExists(data.resolve("plan.json"));
            } else if (!handlers.contains(p.name())) {
                writeAtomically(data.resolve("upgrade-info.json"), new UpgradePlan(p.name(), h, p.info()).toJson());
                System.out.println("ERR UPGRADE \"" + p.name() + "\" NEEDED at height: " + p.height() + ": " + p.info());
                System.out.println("ERR CONSENSUS FAILURE!!! err=\"UPGRADE \\\"" + p.name() + "\\\" NEEDED at height: " + p.height() + "\"");
                height = h; // the block is saved; the app's committed height stays h-1
                halted = true;
                return;
            } else {
                System.out.println("INF applying upgrade \"" + p.name() + "\" at height: " + h);
                Files.writeString(data.resolve("applied-" + p.name()), Long.toString(h));
                Files.deleteIfExists(data.resolve("plan.json"));
            }
        }
        height = h;
        writeAtomically(data.resolve("height"), Long.toString(h));
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
        return "{\"jsonrpc\":\"2.0\",\"id\":-1,\"result\":{\"node_info\":{\"version\":\"" + version + "\"},"
                + "\"sync_info\":{\"latest_block_height\":\"" + height + "\",\"catching_up\":false}}}";
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
