package io.cutover.simnode.vega;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.cutover.simnode.Network;
import io.cutover.simnode.Panic;

/**
 * A stand-in for the Vega core (and its data node) as Visor runs them, for the rollout agent's tests
 * and benchmark: see deploy/sim-node/README.md, "Stand-in Vega core".
 *
 * <pre>
 *   version [--output json]
 *   start --home DIR --port N [--admin-socket PATH] [--admin-http-path /rpc] [--block-interval 100ms]
 *         [--chain-id ID] [--peers FILE --validator ID] [--snapshot.load-from-block-height H]
 *   datanode start --home DIR [...]
 *   datanode network-history latest-history-segment --home DIR [--output json]
 *   launcher --tag TAG --out FILE [--jar JAR]
 * </pre>
 */
public final class VegaCore {

    static final String VERSION_PROPERTY = "simnode.version";

    private VegaCore() {
    }

    public static void main(String[] args) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: vega-core version|start|datanode start|launcher ... (see deploy/sim-node/README.md)");
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "version" -> {
                    boolean json = rest.size() >= 2 && rest.get(0).equals("--output") && rest.get(1).equals("json");
                    out.println(json ? "{\"version\":\"" + version() + "\",\"hash\":\"" + Integer.toHexString(version().hashCode()) + "\"}"
                            : version());
                    yield 0;
                }
                case "start" -> start(options(rest), out);
                case "datanode" -> dataNode(rest, out, err);
                case "launcher" -> launcher(options(rest), out);
                default -> {
                    err.println("unknown command: " + args[0]);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("vega-core: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("vega-core: " + e.getMessage());
            return 1;
        }
    }

    static String version() {
        return System.getProperty(VERSION_PROPERTY, "v0.0.0");
    }

    private static int start(Map<String, String> o, PrintStream out) throws IOException {
        Path home = Path.of(required(o, "home"));
        OptionalLong snapshot = o.containsKey("snapshot.load-from-block-height")
                ? OptionalLong.of(Long.parseLong(o.get("snapshot.load-from-block-height"))) : OptionalLong.empty();
        Files.createDirectories(home);
        Files.writeString(home.resolve("starts.log"), version() + " " + String.join(" ", argsOf(o)) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Network network = Network.of(Optional.ofNullable(o.get("peers")), Optional.ofNullable(o.get("validator")),
                Optional.ofNullable(o.get("port")).map(VegaCore::port), -1);
        if (network.port() < 0) {
            throw new IllegalArgumentException("--port is required (the CometBFT RPC port), or --peers and --validator");
        }
        Duration blockInterval = duration(o.getOrDefault("block-interval", "100ms"));
        CoreChain chain = new CoreChain(version(), home, blockInterval, snapshot, network.validators(), network.validator(), Panic.baked(),
                out);
        AdminConfig adminConfig = AdminConfig.of(o, home);
        AdminSocketServer admin = new AdminSocketServer(adminConfig.socket(), adminConfig.httpPath(), chain, home);
        CometStatusServer status = new CometStatusServer(chain.consensus(), network.port(), o.getOrDefault("chain-id", "vega-stand-in"),
                version());
        chain.onUpgradeStart(status::stop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            status.stop();
            admin.stop();
            chain.stop();
        }, "vega-core-shutdown"));
        admin.start();
        status.start();
        chain.timeline("listening " + System.currentTimeMillis() + " " + version());
        out.println("vega-core " + version() + " started at height " + chain.height());
        if (Panic.baked()) {
            Panic.after(blockInterval.multipliedBy(2), version(), chain::height, System.err);
        }
        chain.runUntilStopped();
        return 0;
    }

    /** The data node: records how it was started and runs until stopped. */
    private static int dataNode(List<String> args, PrintStream out, PrintStream err) throws IOException {
        if (args.size() >= 2 && args.get(0).equals("network-history") && args.get(1).equals("latest-history-segment")) {
            return DataNode.latestSegment(Path.of(required(options(args.subList(2, args.size())), "home")), out, err);
        }
        if (args.isEmpty() || !args.get(0).equals("start")) {
            throw new IllegalArgumentException("usage: datanode start --home DIR | datanode network-history latest-history-segment --home DIR");
        }
        Map<String, String> o = options(args.subList(1, args.size()));
        Path home = Path.of(required(o, "home"));
        Files.createDirectories(home);
        Files.writeString(home.resolve("datanode-starts.log"), version() + " datanode " + String.join(" ", args) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        out.println("data node " + version() + " running");
        DataNode.run(home, out);
        return 0;
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, got " + text);
        }
    }

    private static int launcher(Map<String, String> o, PrintStream out) throws IOException {
        Path jar = o.containsKey("jar") ? Path.of(o.get("jar")) : ownJar();
        out.println(writeLauncher(required(o, "tag"), Path.of(required(o, "out")), jar));
        return 0;
    }

    /** Writes a {@code #!/bin/sh} launcher for release {@code tag} of the stand-in core (its own file, its own SHA-256). */
    public static Path writeLauncher(String tag, Path out, Path jar) throws IOException {
        return writeLauncher(tag, out, jar, false);
    }

    /** The same; {@code panicPastStart}: a release that starts at H and panics (exits 2) instead of making block H+1. */
    public static Path writeLauncher(String tag, Path out, Path jar, boolean panicPastStart) throws IOException {
        if (!tag.matches("[A-Za-z0-9._+-]+")) {
            throw new IllegalArgumentException("--tag must be a plain release tag, got " + tag);
        }
        String script = "#!/bin/sh\n# Cutover stand-in Vega core, release " + tag + (panicPastStart ? " (panics past its start height)" : "")
                + "\nexec java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -D" + VERSION_PROPERTY + "=" + tag
                + (panicPastStart ? " -D" + Panic.PROPERTY + "=true" : "")
                + " -cp '" + jar.toAbsolutePath() + "' " + VegaCore.class.getName() + " \"$@\"\n";
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, script);
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        return out;
    }

    static Path ownJar() {
        try {
            return Path.of(VegaCore.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> argsOf(Map<String, String> o) {
        return o.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> "--" + e.getKey() + " " + e.getValue()).toList();
    }

    /** "--name value" and "--name=value". */
    static Map<String, String> options(List<String> args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                values.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return values;
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
        }
        throw new IllegalArgumentException("--block-interval must look like 100ms or 1s, got " + text);
    }
}
