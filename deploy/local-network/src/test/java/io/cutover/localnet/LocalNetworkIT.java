package io.cutover.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.AcceptedTransaction;

import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;

/**
 * The local network of deploy/local/run.sh, run from the packaged applications on free ports with
 * faster blocks: four validators of one chain, three propose, every node with a genuine release must
 * switch at exactly the height.
 */
class LocalNetworkIT {

    private static final List<RolloutPhase> UPGRADE_PHASES = List.of(RolloutPhase.ROLLOUT_PHASE_STAGING,
            RolloutPhase.ROLLOUT_PHASE_READY, RolloutPhase.ROLLOUT_PHASE_HALTING, RolloutPhase.ROLLOUT_PHASE_SWITCHING,
            RolloutPhase.ROLLOUT_PHASE_STARTING, RolloutPhase.ROLLOUT_PHASE_RUNNING);

    /**
     * One network, both stories: validator-4 finds a tampered copy of the new release in its home and
     * must refuse it; the other three halt at exactly the approved height, switch, and the one chain
     * resumes with their 30 of 40 voting power.
     */
    @Test
    void theChainHaltsAtTheApprovedHeightAndResumesOnceMoreThanTwoThirdsRunTheNewReleaseWhileACorruptedOneIsRefused()
            throws Exception {
        Settings settings = settings("upgrade", Optional.of("validator-4"));
        LocalNetwork network = new LocalNetwork(settings, output(settings));
        try (network) {
            network.start();
            RunResult result = network.walkUpgrade();

            assertThat(result.problems()).isEmpty();
            assertTransactionsLogHoldsTheProposals(network, settings);
            long h = network.upgradeHeight();
            Map<String, RolloutStatus> latest = network.observer().latestByNode();
            for (String node : List.of("validator-1", "validator-2", "validator-3")) {
                RolloutStatus status = latest.get(node);
                assertThat(status.getRunningRelease()).isEqualTo(Settings.NEW_RELEASE);
                assertThat(status.getHaltedAtHeight()).isEqualTo(h);
                assertThat(network.observer().phasesByNode().get(node)).as("phases of %s on rollout.status", node)
                        .containsSubsequence(UPGRADE_PHASES);
            }

            RolloutStatus failed = latest.get("validator-4");
            assertThat(failed.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_FAILED);
            assertThat(failed.getLastError()).contains("SHA-256");
            assertThat(network.runFolder().home("validator-4").resolve(Settings.NEW_RELEASE).resolve("sim-node.executed"))
                    .as("the tampered binary must never run").doesNotExist();

            ChainTimeline chain = network.chainTimeline();
            assertThat(chain.lastOld().orElseThrow().release()).isEqualTo(Settings.GENESIS_RELEASE);
            assertThat(chain.firstNew().orElseThrow().release()).isEqualTo(Settings.NEW_RELEASE);
            assertThat(chain.firstNew().orElseThrow().signers()).as("signers of block H+1")
                    .doesNotContain("validator-4").hasSizeGreaterThanOrEqualTo(3);
            assertThat(chain.quorumBack().orElseThrow().started().orElseThrow()).isBeforeOrEqualTo(chain.firstNew().orElseThrow().time());
            assertThat(chain.downtime().orElseThrow()).isPositive();
            assertThat(result.summary()).contains("chain downtime", "more than 2/3 of the voting power back")
                    .contains("validator-4").contains("FAILED").contains("corrupted artifact");
        }
        assertThat(network.leftovers()).as("processes left running").isEmpty();
    }

    /** proposal-service wrote each accepted proposal to upgrade.transactions, keyed by chain, as the JSON of AcceptedTransaction. */
    private static void assertTransactionsLogHoldsTheProposals(LocalNetwork network, Settings settings) throws Exception {
        Properties props = new Properties();
        props.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, network.bootstrapServers());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.TRANSACTIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        assertThat(records).hasSize(settings.proposers());
        List<String> signers = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            assertThat(record.key()).isEqualTo(Settings.CHAIN_ID);
            assertThat(record.value()).contains("\"tx\":", "\"txHash\":", "\"signer\":", "\"proposalId\":", "\"receivedAt\":");
            AcceptedTransaction accepted = EventJson.read(record.value(), AcceptedTransaction.newBuilder());
            assertThat(accepted.getTxHash()).isEqualTo(Digests.sha256Hex(accepted.getTx().toByteArray()));
            assertThat(accepted.getProposalId()).startsWith(Settings.NEW_RELEASE + "@" + network.upgradeHeight() + "#");
            signers.add(accepted.getSigner());
        }
        assertThat(signers).containsExactlyInAnyOrderElementsOf(network.validatorKeys().subList(0, settings.proposers()));
    }

    private static Settings settings(String scenario, Optional<String> corruptNode) {
        Path root = repositoryRoot();
        Path runFolder = root.resolve("deploy/local-network/target/local-network-it").resolve(scenario);
        deleteRecursively(runFolder);
        return new Settings(root, runFolder, 4, 3, 90, Duration.ofMillis(400),
                List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()), List.of(KafkaBroker.freePort()),
                freePorts(4), freePorts(4), corruptNode, Duration.ofSeconds(180));
    }

    static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Integer> freePorts(int count) {
        return IntStream.range(0, count).mapToObj(i -> KafkaBroker.freePort()).toList();
    }

    /** Progress goes to the console and to output.txt in the run folder. */
    private static PrintStream output(Settings settings) throws Exception {
        Files.createDirectories(settings.runFolder());
        PrintStream file = new PrintStream(Files.newOutputStream(settings.runFolder().resolve("output.txt")), true, StandardCharsets.UTF_8);
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                System.out.write(b);
                file.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                System.out.write(bytes, offset, length);
                file.write(bytes, offset, length);
            }
        }, true, StandardCharsets.UTF_8);
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/rollout-agent"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with bin/rollout-agent) not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
