package io.cutover.agent.cosmos.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.cosmos.standin.StandInRelease;
import io.cutover.core.proposal.Platform;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.ReleaseArtifacts;

/**
 * Not a timed test: prints figures, asserts nothing about time. The downtime of one node over an
 * upgrade (first sight of block H on the old binary → first sight of a block above H on the new),
 * with the agent's early staging (the plan learnt from CurrentPlan, the binary downloaded before H)
 * against Cosmovisor's fetch-at-halt (the same agent with CurrentPlan unreachable: the plan is
 * learnt from upgrade-info.json at the halt and the binary downloaded then, as Cosmovisor does).
 * Same artifact (a zip of the stand-in node plus incompressible padding, like a real node's release
 * archive), served over a link throttled to a fixed rate, rounds of both modes interleaved in one run:
 * <pre>
 * ./mvnw -pl rollout-agent -am verify -Dit.test=CosmovisorDowntimeBenchmark -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Drounds=5 -DartifactMiB=64 -DlinkMiBps=32
 * </pre>
 */
class CosmovisorDowntimeBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 5);
    private static final int ARTIFACT_MIB = Integer.getInteger("artifactMiB", 64);
    private static final int LINK_MIB_PER_S = Integer.getInteger("linkMiBps", 32);
    private static final int BLOCK_MS = Integer.getInteger("blockMillis", 400);

    @TempDir
    Path dir;

    @Test
    void earlyStagingAgainstFetchAtHalt() throws Exception {
        byte[] artifact = artifact();
        List<Long> early = new ArrayList<>();
        List<Long> atHalt = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            early.add(downtime(artifact, true, round));
            atHalt.add(downtime(artifact, false, round));
            System.out.printf("round %d: early staging %d ms, fetch at halt %d ms%n", round + 1, early.get(round), atHalt.get(round));
        }
        long e = median(early);
        long h = median(atHalt);
        System.out.printf("%nCosmos upgrade downtime, %d rounds, %d MiB artifact over %d MiB/s, %d ms blocks:%n", ROUNDS, ARTIFACT_MIB,
                LINK_MIB_PER_S, BLOCK_MS);
        System.out.printf("  early staging (CurrentPlan):   median %d ms, all %s%n", e, early);
        System.out.printf("  fetch at halt (as Cosmovisor): median %d ms, all %s%n", h, atHalt);
        System.out.printf("  saved: %d ms at the median (fetch at halt / early = %.1f)%n", h - e, (double) h / e);
    }

    private long downtime(byte[] artifact, boolean earlyStaging, int round) throws Exception {
        Path roundDir = Files.createDirectories(dir.resolve((earlyStaging ? "early-" : "halt-") + round));
        try (CosmosNode node = new CosmosNode(roundDir, null, null)) {
            node.blockIntervalMs = BLOCK_MS;
            node.throttle((long) LINK_MIB_PER_S << 20);
            node.env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "true");
            node.env.put("UNSAFE_SKIP_BACKUP", "true");
            if (!earlyStaging) {
                node.env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:" + KafkaBroker.freePort());
            }
            String[] served = node.serveBytes("/v2.zip", artifact);
            node.startAgent();
            await().atMost(Duration.ofSeconds(90)).until(() -> node.nodeHeight() >= 2);
            long h = node.nodeHeight() + Math.max(8, 6000 / BLOCK_MS);
            node.schedule("v2", h, "{\"binaries\":{\"" + Platform.current() + "\":\"" + served[0] + "?checksum=sha256:" + served[1] + "\"}}");
            long sawH = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                long height = node.nodeHeight();
                if (height >= h && sawH == 0) {
                    sawH = System.nanoTime();
                }
                if (height > h && sawH != 0) {
                    return (System.nanoTime() - sawH) / 1_000_000;
                }
                Thread.sleep(5);
            }
            String log = node.log(0);
            throw new IllegalStateException("the node did not pass " + h + "; the agent's log ends with:\n"
                    + log.substring(Math.max(0, log.length() - 6000)));
        }
    }

    /** The stand-in v2 as bin/simd plus incompressible padding: one release archive, the same bytes in both modes. */
    private byte[] artifact() throws Exception {
        Path launcher = StandInRelease.of("v2", "v2").write(dir.resolve("dist/simd"));
        return ReleaseArtifacts.zip(Map.of("bin/simd", Files.readAllBytes(launcher), "lib/padding.bin", ReleaseArtifacts.padding(ARTIFACT_MIB, 13)));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
