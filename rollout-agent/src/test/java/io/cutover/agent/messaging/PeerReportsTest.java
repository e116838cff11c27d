package io.cutover.agent.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cutover.agent.domain.PowerBack;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/** The power back as read from the other agents' reports, with Kafka's MockConsumer as the topic. */
class PeerReportsTest {

    private static final String CHAIN = "chain";
    private static final TopicPartition PARTITION = new TopicPartition(Topics.ROLLOUT_STATUS, 0);
    private static final List<ValidatorInfo> VALIDATORS = List.of(new ValidatorInfo("validator-1", "k1", 10),
            new ValidatorInfo("validator-2", "k2", 10), new ValidatorInfo("validator-3", "k3", 10),
            new ValidatorInfo("validator-4", "k4", 10));
    private static final PowerBack.Report SELF = new PowerBack.Report("validator-1", "k1", "v1.1.0", true);

    private final MockConsumer<String, String> topic = new MockConsumer<>("earliest");
    private final PeerReports peers = new PeerReports(() -> topic, CHAIN, "validator-1", VALIDATORS);

    @AfterEach
    void stop() {
        peers.close();
    }

    @Test
    void tellsNoPowerUntilTheReportsAlreadyOnTheTopicAreRead() {
        holding(2);
        assertThat(peers.tally("v1.1.0", SELF)).as("only this node known so far: 10 of 40 would understate the power back").isEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> !topic.assignment().isEmpty());
        topic.addRecord(report(0, "validator-2", "k2", "v1.1.0", RolloutPhase.ROLLOUT_PHASE_STARTING));
        topic.addRecord(report(1, "validator-3", "k3", "v1.0.0", RolloutPhase.ROLLOUT_PHASE_HALTING));

        PowerBack.Tally tally = await().atMost(Duration.ofSeconds(10)).until(() -> peers.tally("v1.1.0", SELF), Optional::isPresent)
                .orElseThrow();
        assertThat(tally.describe()).isEqualTo("20 of 40 voting power back on v1.1.0");
    }

    @Test
    void onAnEmptyTopicOnlyThisNodeIsBack() {
        holding(0);
        peers.tally("v1.1.0", SELF);

        PowerBack.Tally tally = await().atMost(Duration.ofSeconds(10)).until(() -> peers.tally("v1.1.0", SELF), Optional::isPresent)
                .orElseThrow();
        assertThat(tally.describe()).isEqualTo("10 of 40 voting power back on v1.1.0");
    }

    @Test
    void withoutKafkaThereIsNothingToTell() {
        assertThat(PeerReports.none().tally("v1.1.0", SELF)).isEmpty();
    }

    /** rollout.status of one partition holding {@code records} reports when the reader starts. */
    private void holding(long records) {
        topic.updatePartitions(Topics.ROLLOUT_STATUS, List.of(new PartitionInfo(Topics.ROLLOUT_STATUS, 0, null, null, null)));
        topic.updateBeginningOffsets(Map.of(PARTITION, 0L));
        topic.updateEndOffsets(Map.of(PARTITION, records));
    }

    private static ConsumerRecord<String, String> report(long offset, String node, String key, String release, RolloutPhase phase) {
        RolloutStatus status = RolloutStatus.newBuilder().setChainId(CHAIN).setNode(node).setValidatorKey(key).setRunningRelease(release)
                .setPhase(phase).build();
        return new ConsumerRecord<>(Topics.ROLLOUT_STATUS, 0, offset, Topics.rolloutStatusKey(CHAIN, node), EventJson.write(status));
    }
}
