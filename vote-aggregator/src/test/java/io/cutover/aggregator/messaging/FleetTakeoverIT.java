package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;
import io.cutover.testing.TestFiles;

/**
 * Two packaged aggregators serving the same two networks (cutover.networks), each network with its own consumer group
 * and transactional id: the first instance works for both, the second stands by for both. The first is SIGKILLed while
 * votes of both networks stream in; the survivor takes over each network from that network's journal, snapshot and
 * offsets, and a read_committed reader sees, per network, exactly the records of an uninterrupted run of that network.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class FleetTakeoverIT {

    private static final int PROPOSALS = 20;
    private static final String SESSION_TIMEOUT = "6s";
    private static final Path LOGS = Path.of("target/fleet-takeover").toAbsolutePath();
    private static final TestNetwork A = new TestNetwork("fleet-a", 0, 10, 10, 10, 10);
    private static final TestNetwork B = new TestNetwork("fleet-b", 20, 10, 10, 10, 10);

    private final List<Process> processes = new ArrayList<>();

    @Test
    void eachNetworksTallySurvivesTheTakeOverOfItsActiveInstance(KafkaBroker broker) throws Exception {
        Path folder = TestFiles.directory("fleet-");
        Files.writeString(folder.resolve("a.toml"), A.toml());
        Files.writeString(folder.resolve("b.toml"), B.toml());
        List<AcceptedTransaction> votesA = PackagedAggregator.script(A, PROPOSALS);
        List<AcceptedTransaction> votesB = PackagedAggregator.script(B, PROPOSALS);
        List<AcceptedTransaction> votes = new ArrayList<>();
        for (int i = 0; i < Math.max(votesA.size(), votesB.size()); i++) {
            if (i < votesA.size()) {
                votes.add(votesA.get(i));
            }
            if (i < votesB.size()) {
                votes.add(votesB.get(i));
            }
        }
        Files.createDirectories(LOGS);
        String bootstrap = broker.bootstrapServers();
        String groupA = PackagedAggregator.GROUP + "-fleet-a";
        String groupB = PackagedAggregator.GROUP + "-fleet-b";

        try (KafkaProducer<String, String> producer = TestNetwork.producer(bootstrap)) {
            // the first instance takes both networks; the second, started after, stands by for both
            AggregatorInstance first = start(bootstrap, folder, "fleet-1");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    active(first, "fleet-a") == 1 && active(first, "fleet-b") == 1);
            AggregatorInstance survivor = start(bootstrap, folder, "fleet-2");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    active(survivor, "fleet-a") == 0 && active(survivor, "fleet-b") == 0);

            Thread streamer = new Thread(() -> votes.forEach(vote -> {
                TestNetwork.send(producer, vote);
                PackagedAggregator.sleep(25);
            }), "votes");
            streamer.start();
            try {
                PackagedAggregator.awaitCommitBeyond(bootstrap, groupA, votes.size() / 3, Duration.ofSeconds(30));
                long committedAtKill = PackagedAggregator.committedOffset(bootstrap, groupA);
                PackagedAggregator.kill(first.process());
                assertThat(committedAtKill).as("killed mid-stream").isLessThan(votes.size());
                assertThat(active(survivor, "fleet-a") + active(survivor, "fleet-b")).as("the survivor stood by until then").isZero();
                Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                        .until(() -> active(survivor, "fleet-a") == 1 && active(survivor, "fleet-b") == 1);
            } finally {
                streamer.join();
            }

            PackagedAggregator.Output a = PackagedAggregator.committedOutput(bootstrap, groupA, Duration.ofSeconds(60));
            PackagedAggregator.Output b = PackagedAggregator.committedOutput(bootstrap, groupB, Duration.ofSeconds(60));
            PackagedAggregator.Output expectedA = PackagedAggregator.expected("fleet-a", A.toml(), votesA);
            PackagedAggregator.Output expectedB = PackagedAggregator.expected("fleet-b", B.toml(), votesB);
            assertThat(of("fleet-a", a.approvals())).isEqualTo(expectedA.approvals());
            assertThat(of("fleet-a", a.proposals())).isEqualTo(expectedA.proposals());
            assertThat(of("fleet-b", b.approvals())).isEqualTo(expectedB.approvals());
            assertThat(of("fleet-b", b.proposals())).isEqualTo(expectedB.proposals());
            assertThat(a.approvals()).as("nothing keyed to another chain").allMatch(l -> l.startsWith("fleet-a/") || l.startsWith("fleet-b/"));
        }
    }

    @AfterEach
    void stopAll() {
        processes.forEach(PackagedAggregator::kill);
    }

    private static List<String> of(String chain, List<String> lines) {
        return lines.stream().filter(l -> l.startsWith(chain + "/")).toList();
    }

    private AggregatorInstance start(String bootstrap, Path folder, String instanceId) throws IOException {
        Files.deleteIfExists(LOGS.resolve(instanceId + ".log"));
        int port = KafkaBroker.freePort();
        Process process = PackagedAggregator.launch(bootstrap, folder, LOGS.resolve(instanceId + ".log"),
                "-Dcutover.network-file=", "-Dcutover.networks=" + folder, "-Dquarkus.http.port=" + port,
                "-Dcutover.aggregator.instance-id=" + instanceId, "-Dcutover.aggregator.session-timeout=" + SESSION_TIMEOUT,
                "-Dcutover.aggregator.snapshot-every-inputs=20"); // snapshots of each network (its own key) before the kill
        processes.add(process);
        return new AggregatorInstance(instanceId, port, process);
    }

    /** cutover_aggregator_active of {@code chain} on the instance; -1 while it does not answer. */
    private double active(AggregatorInstance instance, String chain) {
        return instance.metric("cutover_aggregator_active{chain=\"" + chain + "\"}").orElse(-1.0);
    }
}
