package io.cutover.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import io.cutover.testing.KafkaBroker;

/**
 * The whole upgrade's downtime per node on a four-validator local network: last block on the old release
 * to first block on the new, seen from outside through each node's /status. Prints one line per node and
 * a {@code DOWNTIME} summary line. Not a test; benchmarks/run.sh runs it.
 *
 * Arguments: repository root, [block interval ms (default 400)].
 */
public final class UpgradeDowntimeBenchmark {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        long blockMillis = args.length > 1 ? Long.parseLong(args[1]) : 400;
        // a folder per run: keys, homes and broker data of an earlier run are never reused
        Path runFolder = root.resolve("benchmarks/target/upgrade-downtime")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Settings settings = new Settings(root, runFolder, 4, 3, 40, Duration.ofMillis(blockMillis),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(240));
        Map<String, Integer> nodePorts = new LinkedHashMap<>();
        for (int i = 0; i < settings.validators(); i++) {
            nodePorts.put(settings.nodeName(i), settings.nodePorts().get(i));
        }
        List<Long> downtimes = new ArrayList<>();
        try (LocalNetwork network = new LocalNetwork(settings, System.out); DowntimeProbe probe = new DowntimeProbe(nodePorts)) {
            network.start();
            RunResult result = network.walkUpgrade();
            System.out.println(result.summary());
            for (String node : nodePorts.keySet()) {
                long ms = probe.downtimeMillis(node, network.upgradeHeight());
                downtimes.add(ms);
                System.out.printf("DOWNTIME-NODE %s: %d ms from block %d (old release) to block %d (new release)%n", node, ms,
                        network.upgradeHeight(), network.upgradeHeight() + 1);
            }
            if (!result.succeeded()) {
                System.out.println("upgrade did not complete: " + result.problems());
            }
        }
        List<Long> sorted = downtimes.stream().filter(d -> d >= 0).sorted().toList();
        if (sorted.isEmpty()) {
            System.out.println("DOWNTIME no node was seen on both sides of the upgrade height");
            System.exit(1);
        }
        System.out.printf("DOWNTIME per node over %d nodes: median %d ms, max %d ms (block interval %d ms)%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), blockMillis);
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
