package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.jboss.logging.Logger;

/**
 * Writes the state to the snapshot topic every so many inputs or seconds, at the start of a transaction:
 * the snapshot is the state after every committed transaction, it covers the journal up to the offset after
 * their last entry, and it commits (or aborts) together with the transaction's own journal entries. Once a
 * snapshot committed, the journal before the offset it covers is deleted (Admin deleteRecords): recovery
 * never reads it again. Used by the tally loop's thread only.
 */
final class SnapshotWriter {

    private static final Logger LOG = Logger.getLogger(SnapshotWriter.class);
    /** Room for the record's own overhead within the topic's max.message.bytes. */
    private static final int MAX_STATE_BYTES = OwnTopics.MAX_SNAPSHOT_BYTES - 64 * 1024;

    private final String snapshotTopic;
    private final String key;
    private final TopicPartition journal;
    private final int everyInputs;
    private final Duration interval;

    private Admin admin;
    private long nextJournalOffset;
    private Future<RecordMetadata> lastJournalEntry;
    private long inputsSinceSnapshot;
    private long lastSnapshotNanos;
    private long uncommittedSnapshotCovers = -1;
    private boolean deleteRefused;

    SnapshotWriter(String snapshotTopic, String key, String journalTopic, int everyInputs, Duration interval) {
        this.snapshotTopic = snapshotTopic;
        this.key = key;
        this.journal = new TopicPartition(journalTopic, 0);
        this.everyInputs = everyInputs;
        this.interval = interval;
    }

    /** After a rebuild that ended at {@code nextJournalOffset} having replayed {@code replayed} entries. */
    void activated(Properties connection, long nextJournalOffset, long replayed) {
        this.admin = Admin.create(connection);
        this.nextJournalOffset = nextJournalOffset;
        this.lastJournalEntry = null;
        this.inputsSinceSnapshot = replayed;
        this.lastSnapshotNanos = System.nanoTime();
        this.uncommittedSnapshotCovers = -1;
    }

    /** A journal entry sent in the current transaction. */
    void journaled(Future<RecordMetadata> entry) {
        lastJournalEntry = entry;
        inputsSinceSnapshot++;
    }

    /** Inputs were applied since the last snapshot, and enough of them or long enough ago. */
    boolean due() {
        return inputsSinceSnapshot > 0
                && (inputsSinceSnapshot >= everyInputs || System.nanoTime() - lastSnapshotNanos >= interval.toNanos());
    }

    /** Inputs were applied since the last snapshot (a clean shutdown writes one then). */
    boolean behind() {
        return inputsSinceSnapshot > 0;
    }

    /** Sends the snapshot of {@code state} (the state after every committed transaction) in the open transaction. */
    void write(KafkaProducer<String, byte[]> producer, AppliedInputs state) {
        byte[] snapshot = SnapshotCodec.write(state, journal.topic(), nextJournalOffset);
        lastSnapshotNanos = System.nanoTime();
        if (snapshot.length > MAX_STATE_BYTES) {
            LOG.errorf("the state takes %d bytes, more than a snapshot may (%d): no snapshot; restarts replay the journal since the last one",
                    snapshot.length, MAX_STATE_BYTES);
            return;
        }
        producer.send(new ProducerRecord<>(snapshotTopic, 0, key, snapshot)); // partition 0, where the reader looks
        uncommittedSnapshotCovers = nextJournalOffset;
    }

    /** The transaction committed: the journal's next offset moves past its entries; a snapshot in it lets the journal before it go. */
    void committed() {
        if (lastJournalEntry != null) {
            nextJournalOffset = Math.max(nextJournalOffset, offsetOf(lastJournalEntry) + 1);
            lastJournalEntry = null;
        }
        if (uncommittedSnapshotCovers < 0) {
            return;
        }
        long covered = uncommittedSnapshotCovers;
        uncommittedSnapshotCovers = -1;
        inputsSinceSnapshot = 0;
        LOG.debugf("snapshot committed, covering the journal up to offset %d", covered);
        admin.deleteRecords(Map.of(journal, RecordsToDelete.beforeOffset(covered))).all().whenComplete((done, failure) -> {
            if (failure instanceof TopicAuthorizationException && !deleteRefused) {
                deleteRefused = true;
                LOG.warnf("may not delete records of %s (grant Delete on it): the journal keeps growing, restarts still read only its tail",
                        journal.topic());
            } else if (failure != null && !(failure instanceof TopicAuthorizationException)) {
                LOG.warnf("deleting %s before offset %d failed: %s", journal.topic(), covered, failure.getMessage());
            }
        });
    }

    /** The instance stands by: a snapshot of an open transaction never counted; a deletion under way may finish. */
    void deactivated() {
        uncommittedSnapshotCovers = -1;
        lastJournalEntry = null;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    private static long offsetOf(Future<RecordMetadata> entry) {
        try {
            return entry.get().offset(); // done: the transaction committed
        } catch (ExecutionException e) {
            throw new IllegalStateException("a journal entry of a committed transaction has no offset", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
