package io.cutover.localnet;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import io.cutover.testing.KafkaBroker;

/**
 * How long a failed upgrade keeps the chain down once the validators act: on one four-validator local
 * network (one chain), round after round an upgrade to a release that panics past its height stops the
 * chain, three validators vote a hot-fix with {@code upgradectl recover} (each its own command, at the
 * same time), and the time from the first vote sent to the first block past H is measured, split at the
 * first agent reporting RECOVERING. Not a test; benchmarks/run.sh runs it.
 *
 * Arguments: repository root, [rounds (default 3)], [block ms (1000)], [lead blocks (30)].
 */
public final class RecoveryBenchmark {

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long blockMillis = args.length > 2 ? Long.parseLong(args[2]) : 1000;
        long leadBlocks = args.length > 3 ? Long.parseLong(args[3]) : 30;
        Path runFolder = root.resolve("benchmarks/target/recovery").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Settings settings = new Settings(root, runFolder, 4, 3, leadBlocks, Duration.ofMillis(blockMillis),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), Optional.empty(), Duration.ofSeconds(240));
        List<RecoveryWalk.Result> results = new ArrayList<>();
        try (LocalNetwork network = new LocalNetwork(settings, System.err)) {
            network.start();
            RecoveryWalk walk = new RecoveryWalk(network);
            for (int round = 1; round <= rounds; round++) {
                RecoveryWalk.Result r = walk.hotFix("v1." + (round + 1) + ".0", "v1." + (round + 1) + ".1");
                System.out.printf("ROUND %d recovery of %s: first vote to chain moving %,6d ms (to the first agent RECOVERING %,6d ms)%n",
                        round, r.upgradeId(), r.voteToChainMoving().toMillis(), r.voteToRecovering().toMillis());
                results.add(r);
            }
        }
        System.out.printf("RECOVERY median first vote to chain moving %,6d ms (all %s); to the first agent RECOVERING %,6d ms%n",
                median(results.stream().map(r -> r.voteToChainMoving().toMillis()).toList()),
                results.stream().map(r -> r.voteToChainMoving().toMillis()).toList(),
                median(results.stream().map(r -> r.voteToRecovering().toMillis()).toList()));
        System.out.printf("(block interval %d ms, %d rounds, four validators of power 10, three vote)%n", blockMillis, rounds);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }
}
