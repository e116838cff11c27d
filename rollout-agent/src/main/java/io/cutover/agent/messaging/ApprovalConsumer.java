package io.cutover.agent.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.cutover.agent.domain.Event;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.core.events.Topics;
import io.cutover.core.network.NetworkConfig;

/**
 * Reads upgrade.approvals from the beginning every time the agent starts (the topic is compacted:
 * it holds the latest approval per height), with its own consumer group per node and
 * read_committed isolation. Offsets are never committed: state.json, not Kafka, remembers what
 * was done, and an approval at a passed height is ignored.
 */
public final class ApprovalConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ApprovalConsumer.class);

    private final KafkaConsumer<String, String> consumer;
    private final ApprovalEvents events;
    private final UpgradeSource.Announcements sink;
    private final Thread thread;
    private volatile boolean closed;

    public ApprovalConsumer(Properties connection, NetworkConfig network, String nodeName, UpgradeSource.Announcements sink) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId(network.chainId(), nodeName));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cutover-agent-" + nodeName);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(props);
        this.events = new ApprovalEvents(network);
        this.sink = sink;
        this.thread = new Thread(this::loop, "approvals-consumer");
        this.thread.setDaemon(true);
    }

    public static String groupId(String chainId, String nodeName) {
        return "cutover-agent-" + chainId + "-" + nodeName;
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.APPROVALS), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing to commit: offsets are never committed
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    consumer.seekToBeginning(partitions);
                }
            });
            while (!closed) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    events.of(record.key(), record.value()).ifPresent(event -> {
                        if (event instanceof Event.TargetRefused refused) {
                            LOG.errorf("IGNORED approval %s at offset %d: %s", refused.proposalId(), record.offset(), refused.reason());
                            sink.refused(refused.proposalId(), refused.reason());
                        } else {
                            LOG.infof("approval record %s at offset %d: %s", record.key(), record.offset(), event);
                            if (event instanceof Event.TargetAnnounced announced) {
                                sink.announced(announced.target());
                            } else if (event instanceof Event.TargetWithdrawn withdrawn) {
                                sink.withdrawn(withdrawn.proposalId(), withdrawn.height(), "approval CANCELLED");
                            } else if (event instanceof Event.RecoveryApproved recovery) {
                                sink.recoveryApproved(recovery.plan());
                            }
                        }
                    });
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("approvals consumer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
