package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * A journal written without snapshots (as before they existed) is replayed whole once; from then on the
 * packaged aggregator writes snapshots, the journal before the newest one is deleted, and a SIGKILLed
 * aggregator restarts from the snapshot and the journal's tail only, publishing exactly what an
 * uninterrupted run publishes.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class SnapshotRecoveryIT {

    private static final int PROPOSALS = 60;
    private static final TopicPartition JOURNAL = new TopicPartition("upgrade.tally-journal", 0);
    private static final Pattern REBUILT = Pattern.compile("rebuilt the tally from (the snapshot|no snapshot) and (\\d+) journal entries");

    @Test
    void aRestartReadsTheSnapshotAndOnlyTheJournalAfterIt(KafkaBroker broker) throws Exception {
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        Path toml = network.writeToml();
        List<AcceptedTransaction> votes = PackagedAggregator.script(network, PROPOSALS);
        PackagedAggregator.Output expected = PackagedAggregator.expected(network.toml(), votes);
        String bootstrap = broker.bootstrapServers();
        int third = votes.size() / 3;

        try (KafkaProducer<String, String> producer = TestNetwork.producer(bootstrap)) {
            Path noSnapshots = PackagedAggregator.tempLog("aggregator-no-snapshots-");
            Process first = PackagedAggregator.launch(bootstrap, toml, noSnapshots, "-Dcutover.aggregator.snapshot-every-inputs=1000000",
                    "-Dcutover.aggregator.snapshot-interval=1h");
            try {
                votes.subList(0, third).forEach(vote -> TestNetwork.send(producer, vote));
                PackagedAggregator.awaitCommitBeyond(bootstrap, third - 1, Duration.ofSeconds(60));
            } finally {
                PackagedAggregator.kill(first);
            }
            assertThat(journalStart(bootstrap)).as("no snapshot yet: the journal is whole").isZero();

            Path upgraded = PackagedAggregator.tempLog("aggregator-snapshots-");
            Process second = PackagedAggregator.launch(bootstrap, toml, upgraded, "-Dcutover.aggregator.snapshot-every-inputs=20");
            try {
                awaitActive(upgraded);
                votes.subList(third, 2 * third).forEach(vote -> {
                    TestNetwork.send(producer, vote);
                    PackagedAggregator.sleep(20);
                });
                PackagedAggregator.awaitCommitBeyond(bootstrap, 2 * third - 1, Duration.ofSeconds(60));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> journalStart(bootstrap) > third);
            } finally {
                PackagedAggregator.kill(second);
            }
            assertThat(rebuilt(upgraded)).as("a journal without snapshots is replayed whole")
                    .hasValueSatisfying(r -> assertThat(r.group(1)).isEqualTo("no snapshot"))
                    .hasValueSatisfying(r -> assertThat(Long.parseLong(r.group(2))).isGreaterThanOrEqualTo(third));
            long journalEnd = journalEnd(bootstrap);

            Path restartedLog = PackagedAggregator.tempLog("aggregator-restarted-");
            Process restarted = PackagedAggregator.launch(bootstrap, toml, restartedLog, "-Dcutover.aggregator.snapshot-every-inputs=20");
            try {
                votes.subList(2 * third, votes.size()).forEach(vote -> TestNetwork.send(producer, vote));
                PackagedAggregator.Output actual = PackagedAggregator.committedOutput(bootstrap, Duration.ofSeconds(90));
                assertThat(rebuilt(restartedLog)).as("the restart read the snapshot and the journal's tail")
                        .hasValueSatisfying(r -> assertThat(r.group(1)).isEqualTo("the snapshot"))
                        .hasValueSatisfying(r -> assertThat(Long.parseLong(r.group(2))).as("entries replayed").isLessThan(third));
                assertThat(journalStart(bootstrap)).as("the journal before the snapshot is gone").isGreaterThan(journalEnd / 2);
                assertThat(actual.approvals()).isEqualTo(expected.approvals());
                assertThat(actual.proposals()).isEqualTo(expected.proposals());
            } finally {
                PackagedAggregator.kill(restarted);
            }
        }
    }

    private static void awaitActive(Path log) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.readString(log).contains("active: processing"));
    }

    private static Optional<Matcher> rebuilt(Path log) throws Exception {
        Matcher m = REBUILT.matcher(Files.readString(log));
        return m.find() ? Optional.of(m) : Optional.empty();
    }

    private static long journalStart(String bootstrap) throws Exception {
        return journalOffset(bootstrap, OffsetSpec.earliest());
    }

    private static long journalEnd(String bootstrap) throws Exception {
        return journalOffset(bootstrap, OffsetSpec.latest());
    }

    private static long journalOffset(String bootstrap, OffsetSpec spec) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listOffsets(Map.of(JOURNAL, spec)).partitionResult(JOURNAL).get(10, TimeUnit.SECONDS).offset();
        }
    }
}
