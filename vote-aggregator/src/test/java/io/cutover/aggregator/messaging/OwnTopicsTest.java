package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/** The aggregator creates its journal and its snapshot topic when missing; when it cannot, it says which topic and why. */
@ExtendWith(KafkaBrokerExtension.class)
class OwnTopicsTest {

    @Test
    void aMissingJournalIsCreatedWithOnePartitionNeverDeletedByTime(KafkaBroker broker) throws Exception {
        String topic = "test.journal-" + UUID.randomUUID();
        OwnTopics own = new OwnTopics(topic, "test.snapshots-" + UUID.randomUUID());
        assertThat(own.problem()).isPresent();

        assertThat(own.ensure(connection(broker))).isTrue();
        assertThat(own.problem()).isEmpty();
        assertThat(own.ensure(connection(broker))).as("an existing journal is fine").isTrue();

        try (Admin admin = Admin.create(connection(broker))) {
            Config config = configOnceServed(admin, topic);
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            assertThat(description.partitions().get(0).replicas()).hasSize(1); // capped to the one broker
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    @Test
    void aMissingSnapshotTopicIsCreatedCompactedWithRoomForAState(KafkaBroker broker) throws Exception {
        String topic = "test.snapshots-" + UUID.randomUUID();
        assertThat(new OwnTopics("test.journal-" + UUID.randomUUID(), topic).ensure(connection(broker))).isTrue();
        try (Admin admin = Admin.create(connection(broker))) {
            Config config = configOnceServed(admin, topic);
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("max.message.bytes").value()).isEqualTo(Integer.toString(OwnTopics.MAX_SNAPSHOT_BYTES));
        }
    }

    @Test
    void theSnapshotTopicIsDeclaredAsTopicsConfDeclaresIt() throws Exception {
        String line = Files.readAllLines(Path.of("../deploy/kafka/topics.conf")).stream()
                .filter(l -> l.startsWith("upgrade.tally-snapshots ")).findFirst().orElseThrow();
        NewTopic declared = OwnTopics.snapshots("upgrade.tally-snapshots", 3);
        List<String> parts = List.of(line.trim().split("\\s+"));
        assertThat(parts.subList(0, 3)).containsExactly(declared.name(), Integer.toString(declared.numPartitions()),
                Integer.toString(declared.replicationFactor()));
        assertThat(parts.subList(3, parts.size())).containsExactlyInAnyOrderElementsOf(
                declared.configs().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void aJournalThatCannotBeCreatedKeepsTheProblemNamingTheTopic(KafkaBroker broker) {
        OwnTopics own = new OwnTopics("no spaces allowed", "upgrade.tally-snapshots");
        assertThat(own.ensure(connection(broker))).isFalse();
        assertThat(own.problem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("the journal topic no spaces allowed is missing and could not be created"));
    }

    @Test
    void aClusterOfThreeGetsThreeReplicasTwoInSync() {
        var journal = OwnTopics.journal("upgrade.tally-journal", 3);
        assertThat(journal.replicationFactor()).isEqualTo((short) 3);
        assertThat(journal.configs()).containsEntry("min.insync.replicas", "2");
        assertThat(OwnTopics.journal("upgrade.tally-journal", 5).replicationFactor()).isEqualTo((short) 3);
    }

    private static Properties connection(KafkaBroker broker) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }

    /** The topic's configuration, once the broker answers for it (a topic just created may not be known to it yet). */
    private static Config configOnceServed(Admin admin, String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> admin.describeConfigs(List.of(resource)).all().get().get(resource), config -> config != null);
    }
}
