package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Rebuilds the state from the journal: every committed entry, in order, through the same
 * {@link AppliedInputs} as live processing. Called after {@code initTransactions()}, so no
 * transaction of this aggregator is left open and the committed end is final.
 */
final class JournalReplay {

    private static final Logger LOG = Logger.getLogger(JournalReplay.class);

    private JournalReplay() {
    }

    static AppliedInputs rebuild(Properties connection, String journalTopic, Duration maxReportAge, boolean heightFromAgents) {
        Properties props = connection;
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        AppliedInputs state = new AppliedInputs(maxReportAge, heightFromAgents);
        long started = System.nanoTime();
        long applied = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(journalTopic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.size() != 1) {
                throw new IllegalStateException("the journal topic " + journalTopic + " must have exactly one partition, found "
                        + partitions.size() + "; it is created with one when missing");
            }
            TopicPartition partition = partitions.get(0);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long endOffset = end.get(partition);
            while (consumer.position(partition, Duration.ofSeconds(30)) < endOffset) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Optional<JournalSource> source = JournalSource.of(record.headers());
                    if (source.isPresent()) {
                        state.apply(source.get(), record.value(), record.timestamp());
                        applied++;
                    }
                }
            }
        }
        LOG.infof("rebuilt the tally from %d journal entries in %d ms", applied, (System.nanoTime() - started) / 1_000_000);
        return state;
    }
}
