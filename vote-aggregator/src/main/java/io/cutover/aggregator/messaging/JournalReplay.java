package io.cutover.aggregator.messaging;

import java.nio.charset.StandardCharsets;
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
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Rebuilds the state: the newest committed snapshot, then every committed journal entry after it, in
 * order, through the same {@link AppliedInputs} as live processing. Without a snapshot (a journal written
 * before snapshots existed) the whole journal is replayed. Called after {@code initTransactions()}, so no
 * transaction of this aggregator is left open and the committed end is final.
 */
final class JournalReplay {

    private static final Logger LOG = Logger.getLogger(JournalReplay.class);

    /** The rebuilt state, the journal offset the next snapshot covers up to, and how many entries were replayed. */
    record Rebuilt(AppliedInputs state, long nextJournalOffset, long replayed) {
    }

    private JournalReplay() {
    }

    static Rebuilt rebuild(KafkaConnection kafka, String journalTopic, String snapshotTopic, String snapshotKey, Duration maxReportAge,
            boolean heightFromAgents) {
        long started = System.nanoTime();
        Properties props = kafka.properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"); // the end is known: never wait for more
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(OwnTopics.MAX_SNAPSHOT_BYTES));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Optional<byte[]> bytes = SnapshotReader.newest(consumer, snapshotTopic, snapshotKey);
            Optional<SnapshotCodec.Restored> snapshot = bytes.flatMap(b -> restore(b, journalTopic, maxReportAge, heightFromAgents));
            long snapshotMillis = (System.nanoTime() - started) / 1_000_000;
            AppliedInputs state = snapshot.map(SnapshotCodec.Restored::state).orElseGet(() -> new AppliedInputs(maxReportAge, heightFromAgents));
            long from = snapshot.map(SnapshotCodec.Restored::nextJournalOffset).orElse(0L);
            TopicPartition journal = journal(consumer, journalTopic);
            long begin = consumer.beginningOffsets(List.of(journal), Duration.ofSeconds(30)).get(journal);
            if (begin > from) {
                throw new IllegalStateException("the journal " + journalTopic + " starts at offset " + begin + " but "
                        + (snapshot.isPresent() ? "the newest snapshot covers only up to " + from : "there is no snapshot on " + snapshotTopic)
                        + "; the entries in between are gone, so the state cannot be rebuilt");
            }
            long end = consumer.endOffsets(List.of(journal), Duration.ofSeconds(30)).get(journal);
            long applied = replay(consumer, journal, from, end, state);
            LOG.infof("rebuilt the tally from %s and %d journal entries (offsets %d to %d) in %d ms (snapshot of %d bytes read in %d ms)",
                    snapshot.isPresent() ? "the snapshot" : "no snapshot", applied, from, end, (System.nanoTime() - started) / 1_000_000,
                    bytes.map(b -> b.length).orElse(0), snapshotMillis);
            return new Rebuilt(state, Math.max(from, end), applied);
        }
    }

    private static TopicPartition journal(KafkaConsumer<String, byte[]> consumer, String journalTopic) {
        List<TopicPartition> partitions = consumer.partitionsFor(journalTopic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        if (partitions.size() != 1) {
            throw new IllegalStateException("the journal topic " + journalTopic + " must have exactly one partition, found "
                    + partitions.size() + "; it is created with one when missing");
        }
        consumer.assign(partitions);
        return partitions.get(0);
    }

    /** Applies the committed entries from {@code from} to {@code end}; how many. */
    private static long replay(KafkaConsumer<String, byte[]> consumer, TopicPartition journal, long from, long end, AppliedInputs state) {
        long applied = 0;
        consumer.seek(journal, from);
        while (consumer.position(journal, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                Optional<JournalSource> source = JournalSource.of(record.headers());
                if (source.isPresent()) {
                    String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
                    state.apply(source.get(), value, record.timestamp());
                    applied++;
                }
            }
        }
        return applied;
    }

    private static Optional<SnapshotCodec.Restored> restore(byte[] bytes, String journalTopic, Duration maxReportAge, boolean heightFromAgents) {
        try {
            SnapshotCodec.Restored restored = SnapshotCodec.read(bytes, maxReportAge, heightFromAgents);
            if (!restored.journalTopic().equals(journalTopic)) {
                LOG.warnf("ignoring the snapshot: it covers the journal %s, not %s", restored.journalTopic(), journalTopic);
                return Optional.empty();
            }
            return Optional.of(restored);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.errorf("ignoring a snapshot that does not restore (%s); replaying the journal from its start", e.getMessage());
            return Optional.empty();
        }
    }
}
