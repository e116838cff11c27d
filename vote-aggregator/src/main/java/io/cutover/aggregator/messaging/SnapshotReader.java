package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Finds the newest committed snapshot of one key on the snapshot topic. It reads backwards in growing
 * windows from the committed end, so the cost is that of the last few records, not of what compaction
 * has not removed yet. Called after {@code initTransactions()}: no transaction of this aggregator is open.
 */
final class SnapshotReader {

    private static final int FIRST_WINDOW = 8;

    private SnapshotReader() {
    }

    /** The newest committed snapshot under {@code key}: its bytes; empty when there is none. */
    static Optional<byte[]> newest(Properties connection, String topic, String key) {
        Properties props = connection;
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"); // the end is known: never wait for more
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(OwnTopics.MAX_SNAPSHOT_BYTES));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(OwnTopics.MAX_SNAPSHOT_BYTES));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            List<TopicPartition> partitions = List.of(partition);
            consumer.assign(partitions);
            long begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30)).get(partition);
            long end = consumer.endOffsets(partitions, Duration.ofSeconds(30)).get(partition);
            for (long window = FIRST_WINDOW; ; window *= 4) {
                long from = Math.max(begin, end - window);
                Optional<byte[]> found = newestBetween(consumer, partition, from, end, key);
                if (found.isPresent() || from == begin) {
                    return found;
                }
            }
        }
    }

    private static Optional<byte[]> newestBetween(KafkaConsumer<String, byte[]> consumer, TopicPartition partition, long from, long end,
            String key) {
        consumer.seek(partition, from);
        byte[] newest = null;
        while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end && key.equals(record.key()) && record.value() != null) {
                    newest = record.value();
                }
            }
        }
        return Optional.ofNullable(newest);
    }
}
