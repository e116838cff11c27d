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

import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;

/**
 * The chain's downtime over one upgrade of the four-validator local network (one chain, 1 s blocks):
 * block H's timestamp (old release) to block H+1's (new release). The same agent in three orders,
 * alternating round by round on a fresh network each time, with the same 64 MiB release served over a
 * link of 32 MiB/s:
 * <ul>
 * <li><b>cutover</b>: staged as soon as approved, the node stopped exactly at H;</li>
 * <li><b>visor</b>: downloaded only after the halt, the node's height seen every 2 s (Visor's poll);</li>
 * <li><b>cosmovisor</b>: downloaded only after the halt, seen every 300 ms (Cosmovisor's poll).</li>
 * </ul>
 * Each downtime splits at the start of the new release on the node that made more than 2/3 of the power:
 * before it, the halt and the order's work (the agents' own share); after it, that node's restart and
 * one block. Also the agents' switchover (their node seen at H → its new release answering: the agent's
 * switch plus the node's own start), the median of the four. Not a test;
 * benchmarks/run.sh runs it.
 *
 * Arguments: repository root, [rounds per order (default 3)], [padding MiB (64)], [link MiB/s (32)], [block ms (1000)].
 */
public final class ChainDowntimeBenchmark {

    private record Order(String name, String staging, long pollMillis) {
    }

    private static final List<Order> ORDERS = List.of(new Order("cutover", "early", 50), new Order("visor", "at-halt", 2000),
            new Order("cosmovisor", "at-halt", 300));

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int paddingMiB = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        long linkMiBps = args.length > 3 ? Long.parseLong(args[3]) : 32;
        long blockMillis = args.length > 4 ? Long.parseLong(args[4]) : 1000;
        Path runs = root.resolve("benchmarks/target/chain-downtime").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        Map<String, List<long[]>> results = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Order order : ORDERS) {
                ReleaseDelivery delivery = new ReleaseDelivery(paddingMiB, linkMiBps << 20, order.staging(), order.pollMillis());
                long[] r = round(root, runs.resolve(order.name() + "-" + round), delivery, blockMillis);
                System.out.printf("ROUND %d %-10s chain downtime %,6d ms = H to 2/3 restarted %,6d ms + restart to H+1 %,5d ms;"
                        + " agents' switchover median %,5d ms%n", round, order.name(), r[0], r[1], r[2], r[3]);
                results.computeIfAbsent(order.name(), k -> new ArrayList<>()).add(r);
            }
        }
        long cutover = median(results.get("cutover"), 0);
        for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
            long downtime = median(e.getValue(), 0);
            System.out.printf("CHAIN-DOWNTIME %-10s median %,6d ms (all %s); H to 2/3 restarted %,6d ms; restart to H+1 %,5d ms;"
                    + " agents' switchover %,5d ms; x%.1f of cutover%n", e.getKey(), downtime,
                    e.getValue().stream().map(r -> Long.toString(r[0])).toList(), median(e.getValue(), 1), median(e.getValue(), 2),
                    median(e.getValue(), 3), (double) downtime / cutover);
        }
        System.out.printf("(block interval %d ms, release %d MiB over %d MiB/s, %d rounds per order)%n", blockMillis, paddingMiB, linkMiBps, rounds);
    }

    /**
     * One fresh network, one upgrade, in ms: {chain downtime; block H → the new release started on the node that
     * made more than 2/3 of the power (halt, the order's work, the switch); that start → block H+1 (the node's
     * restart and one block); the agents' median switchover}.
     */
    private static long[] round(Path root, Path runFolder, ReleaseDelivery delivery, long blockMillis) throws Exception {
        Settings settings = new Settings(root, runFolder, 4, 3, 20, Duration.ofMillis(blockMillis),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(240));
        try (LocalNetwork network = new LocalNetwork(settings, System.out)) {
            network.delivery(delivery);
            network.start();
            RunResult result = network.walkUpgrade();
            System.out.print(result.summary());
            if (!result.succeeded()) {
                throw new IllegalStateException("the upgrade did not complete: " + result.problems());
            }
            ChainTimeline chain = network.chainTimeline();
            java.time.Instant h = chain.lastOld().orElseThrow().time();
            java.time.Instant quorumStart = chain.quorumBack().orElseThrow().started().orElseThrow();
            List<Long> switchovers = network.observer().latestByNode().values().stream().map(RolloutStatus::getSwitchoverMillis).sorted().toList();
            return new long[] {chain.downtime().orElseThrow().toMillis(), Duration.between(h, quorumStart).toMillis(),
                    Duration.between(quorumStart, chain.firstNew().orElseThrow().time()).toMillis(), switchovers.get(switchovers.size() / 2)};
        }
    }

    private static long median(List<long[]> rounds, int column) {
        List<Long> values = rounds.stream().map(r -> r[column]).sorted().toList();
        return values.get(values.size() / 2);
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
