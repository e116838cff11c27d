package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds the newest committed snapshot of one key on the snapshot topic. It reads backwards in growing
 * windows from the committed end, so the cost is that of the last few records, not of what compaction
 * has not removed yet. Called after {@code initTransactions()}: no transaction of this aggregator is open.
 */
final class SnapshotReader {

    private static final int FIRST_WINDOW = 8;

    private SnapshotReader() {
    }

    /** The newest committed snapshot under {@code key}, read with {@code consumer} (read_committed); empty when there is none. */
    static Optional<byte[]> newest(KafkaConsumer<String, byte[]> consumer, String topic, String key) {
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
