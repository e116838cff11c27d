package io.cutover.simnode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the simulated node; see deploy/sim-node/README.md.
 *
 * <pre>
 *   version [--output json]
 *   run --home DIR [--block-interval 200ms] [--port N] [--peers FILE --validator ID]
 *       [--snapshot.load-from-block-height H] [--unsafe-skip-upgrades H[,H...]] [--fail-on-start] [--panic-past-start]
 *   launcher --tag TAG --out FILE [--jar JAR] [--fail-on-start] [--panic-past-start]
 * </pre>
 */
public final class SimNode {

    /** The release tag this launcher runs, baked into each release's launcher file. */
    static final String VERSION_PROPERTY = "simnode.version";
    /** Set by a launcher made with --fail-on-start: the release cannot start (exercises retries). */
    static final String FAIL_PROPERTY = "simnode.failOnStart";

    private SimNode() {
    }

    public static void main(String[] args) {
        // The JDK server writes headers and body separately: without TCP_NODELAY a kept-alive
        // client waits ~40 ms per request for a delayed ACK. Real nodes (Go net/http) set it too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "version" -> version(rest, out);
                case "run" -> runNode(Options.parse(rest), out, err);
                case "launcher" -> launcher(Options.parse(rest), out);
                default -> {
                    err.println("unknown command: " + args[0]);
                    usage(err);
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("sim-node: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("sim-node: " + e);
            return 1;
        }
    }

    static String version() {
        return System.getProperty(VERSION_PROPERTY, "v0.0.0");
    }

    private static int version(List<String> args, PrintStream out) {
        boolean json = args.size() >= 2 && args.get(0).equals("--output") && args.get(1).equals("json");
        out.println(json ? "{\"version\":\"" + version() + "\"}" : version());
        return 0;
    }

    private static int runNode(Options options, PrintStream out, PrintStream err) throws IOException {
        if (options.flag("fail-on-start") || Boolean.getBoolean(FAIL_PROPERTY)) {
            err.println("sim-node " + version() + ": failing on start as told");
            return 1;
        }
        Network network = Network.of(options, 26657);
        boolean panic = options.flag("panic-past-start") || Panic.baked();
        java.time.Duration interval = options.duration("block-interval", "200ms");
        Node node = new Node(version(), Path.of(options.required("home")), interval,
                options.optionalLong("snapshot.load-from-block-height"), network.validators(), network.validator(),
                new Node.Behaviour(skipHeights(options), panic), out);
        StatusServer server = new StatusServer(node, network.port());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            node.stop();
        }, "sim-node-shutdown"));
        server.start();
        server.warmUp();
        long listening = System.currentTimeMillis();
        node.timeline("listening " + server.port() + " " + listening);
        out.println("sim-node " + version() + " listening on 127.0.0.1:" + server.port() + " at " + listening);
        if (panic) {
            Panic.after(interval.multipliedBy(2), version(), () -> node.status().height(), err);
        }
        node.runUntilStopped();
        return 0;
    }

    /** --unsafe-skip-upgrades H[,H...]: upgrade heights the node goes on past with its own release (as Cosmos' flag). */
    private static java.util.Set<Long> skipHeights(Options options) {
        return options.value("unsafe-skip-upgrades").map(v -> java.util.Arrays.stream(v.split(",")).map(String::trim)
                .filter(h -> !h.isEmpty()).map(h -> {
                    try {
                        return Long.parseLong(h);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--unsafe-skip-upgrades takes heights (H or H,H2), found " + v);
                    }
                }).collect(java.util.stream.Collectors.toSet())).orElse(java.util.Set.of());
    }

    private static int launcher(Options options, PrintStream out) throws IOException {
        Path written = Launcher.write(options.required("tag"), Path.of(options.required("out")),
                options.value("jar").map(Path::of).orElseGet(Launcher::ownJar), options.flag("fail-on-start"),
                options.flag("panic-past-start"));
        out.println(written);
        return 0;
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: sim-node COMMAND
                  version [--output json]          print this release's tag
                  run --home DIR                   produce blocks and serve GET /status, POST /admin/halt
                      [--block-interval 200ms] [--port 26657]
                      [--peers FILE --validator ID]   join the network FILE lists
                                                      ("<validator-id> <power> <host:port>" a line)
                                                      as validator ID; without it a chain of one
                      [--snapshot.load-from-block-height H] [--fail-on-start]
                      [--unsafe-skip-upgrades H[,H...]]  go on past these upgrade heights on this release
                      [--panic-past-start]            start, then exit 2 instead of making the next block
                  launcher --tag TAG --out FILE    write a launcher script for release TAG
                      [--jar JAR] [--fail-on-start] [--panic-past-start]""");
    }
}
