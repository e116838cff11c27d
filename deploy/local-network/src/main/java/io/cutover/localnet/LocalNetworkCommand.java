package io.cutover.localnet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deploy/local/run.sh}: a four-validator network on this machine and an upgrade walked end to end. */
@Command(name = "run.sh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts Kafka, proposal-service, vote-aggregator and a simulated node under a rollout agent per validator, "
                + "then has validators propose v1.1.0 about --lead-blocks ahead and follows the upgrade to its end.",
            "Interactive (default): the network keeps running afterwards; Ctrl-C stops everything.",
            "--ci: exits 0 only if every node ended on v1.1.0, halted exactly at the height, and nothing is left running.",
            "--secure: Kafka takes TLS + SASL/SCRAM-SHA-512 logins only and enforces the ACLs of deploy/kafka/acls.conf; "
                + "every component logs in as its own user (passwords in 0600 files of the run folder).",
            "--networks 2: one Kafka, proposal-service and vote-aggregator serve two networks (chains cutover-devnet and "
                + "cutover-devnet-2, each with its own validators, nodes and agents), and the upgrade is walked on each."})
public final class LocalNetworkCommand implements Callable<Integer> {

    @Option(names = "--ci", description = "Non-interactive: walk the upgrade, check it, stop everything, exit non-zero on any problem.")
    boolean ci;

    @Option(names = "--secure", description = "Secured Kafka: TLS, SASL/SCRAM-SHA-512 and the ACLs of deploy/kafka/acls.conf, one user per component.")
    boolean secure;

    @Option(names = "--root", description = "The repository root (default: the current directory).")
    Path root = Path.of("");

    @Option(names = "--run-dir", description = "Where logs, keys, homes and broker data go (default: <root>/.run/<timestamp>).")
    Path runDir;

    @Option(names = "--validators", defaultValue = "4", description = "Number of validators (default ${DEFAULT-VALUE}).")
    int validators;

    @Option(names = "--proposers", defaultValue = "3", description = "How many of them propose the upgrade (default ${DEFAULT-VALUE}).")
    int proposers;

    @Option(names = "--lead-blocks", defaultValue = "30", description = "How far ahead of the network height the upgrade is proposed (default ${DEFAULT-VALUE}).")
    long leadBlocks;

    @Option(names = "--block-interval-ms", defaultValue = "1000", description = "The simulated nodes' block interval (default ${DEFAULT-VALUE}).")
    long blockIntervalMillis;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka's port (default ${DEFAULT-VALUE}; the controller uses the next one; "
            + "with --cluster, node N uses this + 2(N-1) and the one after).")
    int kafkaPort;

    @Option(names = "--cluster", description = {"Production shape: three Kafka nodes (replication 3, min.insync 2), "
        + "two proposal-service instances (8081, 8083; upgradectl fails over between them) and two vote-aggregators "
        + "(8082 active, 8084 standing by, or the other way round: the run says which)."})
    boolean cluster;

    @Option(names = "--corrupt-node", description = "Give this node (e.g. validator-4) a tampered copy of the new release: it must refuse it and fail.")
    String corruptNode;

    @Option(names = "--networks", defaultValue = "1", description = {"How many networks one deployment serves (1 to 3, default ${DEFAULT-VALUE}).",
        "Network N > 1 is chain cutover-devnet-N with nodes netN-validator-1, ..., its agents and nodes on ports 10 × (N − 1) above "
            + "the first network's; the services read every network file (cutover.networks)."})
    int networks;

    @Option(names = "--timeout-seconds", defaultValue = "240", description = "How long the rollout may take after the proposals (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalNetworkCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Path repositoryRoot = root.toAbsolutePath().normalize();
        Path folder = runDir != null ? runDir
                : repositoryRoot.resolve(".run").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int kafkaNodes = cluster ? 3 : 1;
        int instances = cluster ? 2 : 1;
        Settings settings = new Settings(repositoryRoot, folder, validators, proposers, leadBlocks,
                Duration.ofMillis(blockIntervalMillis),
                IntStream.range(0, kafkaNodes).mapToObj(i -> kafkaPort + 2 * i).toList(),
                IntStream.range(0, kafkaNodes).mapToObj(i -> kafkaPort + 2 * i + 1).toList(),
                IntStream.range(0, instances).mapToObj(i -> 8081 + 2 * i).toList(),
                IntStream.range(0, instances).mapToObj(i -> 8082 + 2 * i).toList(),
                Settings.consecutive(8090, validators), Settings.consecutive(26657, validators),
                Optional.ofNullable(corruptNode), Duration.ofSeconds(timeoutSeconds));
        if (networks < 1 || networks > 3) {
            out.println("FAILED: --networks must be 1, 2 or 3, not " + networks + ".");
            return 2;
        }
        java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>(settings.namedPorts());
        for (int n = 2; n <= networks; n++) {
            Settings other = settings.network(n);
            for (int i = 0; i < other.validators(); i++) {
                ports.put(other.nodeName(i) + "'s node", other.nodePorts().get(i));
                ports.put(other.nodeName(i) + "'s rollout agent", other.agentPorts().get(i));
            }
        }
        List<String> busy = PortsInUse.among(ports);
        if (!busy.isEmpty()) {
            out.println("FAILED: port(s) already in use on 127.0.0.1: " + String.join(", ", busy) + ".");
            out.println("Another local network (or another program) holds them: stop it and run again (Kafka's ports can also be moved with --kafka-port).");
            return 1;
        }
        long started = System.nanoTime();
        LocalNetwork network = new LocalNetwork(settings, out, secure);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> stopQuietly(network, out, stopped), "stop-network");
        Runtime.getRuntime().addShutdownHook(shutdown);
        List<RunResult> results;
        try {
            for (int n = 2; n <= networks; n++) {
                network.alsoServe(settings.network(n));
            }
            network.start();
            results = network.walkUpgrades();
        } catch (Exception e) {
            out.println("FAILED: " + e.getMessage());
            out.println("Logs: " + network.runFolder().logs());
            return 1;
        }
        List<LocalNetwork> fleet = network.fleet();
        for (int n = 0; n < fleet.size(); n++) {
            out.println();
            out.println("Summary" + (networks > 1 ? " of " + fleet.get(n).settings().chainId() : "") + " (upgrade height "
                    + fleet.get(n).upgradeHeight() + ", " + (System.nanoTime() - started) / 1_000_000_000 + " s since start):");
            out.print(results.get(n).summary());
            results.get(n).problems().forEach(p -> out.println("PROBLEM: " + p));
        }
        boolean succeeded = results.stream().allMatch(RunResult::succeeded);
        if (!ci) {
            network.printWhereToLook();
            stopped.await();
            return succeeded ? 0 : 1;
        }
        Runtime.getRuntime().removeShutdownHook(shutdown);
        stopQuietly(network, out, stopped);
        var leftovers = network.leftovers();
        leftovers.forEach(p -> out.println("PROBLEM: still running after stop: " + p));
        boolean ok = succeeded && leftovers.isEmpty();
        String heights = String.join(" and ", fleet.stream().map(n -> (networks > 1 ? n.settings().chainId() + " " : "") + n.upgradeHeight())
                .toList());
        out.println(ok ? "OK: every node ended as expected at height " + heights + " and nothing is left running."
                : "FAILED: see the problems above and the logs in " + network.runFolder().logs());
        return ok ? 0 : 1;
    }

    private static void stopQuietly(LocalNetwork network, PrintStream out, CountDownLatch stopped) {
        out.println("Stopping the network...");
        try {
            network.close();
            out.println("Stopped.");
        } catch (Exception e) {
            out.println("Stopping failed: " + e);
        } finally {
            stopped.countDown();
        }
    }
}
