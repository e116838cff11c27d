package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;

import io.cutover.core.events.Topics;

/** The bytes on the broker's disk of the aggregator's journal and snapshots (and of the transaction log beside them). */
record AggregatorTopicSizes(long journalBytes, long journalStart, long journalEnd, long snapshotBytes, long transactionBytes) {

    private static final TopicPartition JOURNAL = new TopicPartition("upgrade.tally-journal", 0);
    private static final TopicPartition SNAPSHOTS = new TopicPartition("upgrade.tally-snapshots", 0);
    private static final TopicPartition TRANSACTIONS = new TopicPartition(Topics.TRANSACTIONS, 0);
    private static final long SETTLED_JOURNAL_BYTES = 3L * 64 * 1024 * 1024;

    /** The sizes once the broker deleted the journal segments below its start offset (it checks every 30 s), or after 90 s. */
    static AggregatorTopicSizes settled(String bootstrap) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        AggregatorTopicSizes sizes = of(bootstrap);
        while (sizes.journalBytes() > SETTLED_JOURNAL_BYTES && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            sizes = of(bootstrap);
        }
        return sizes;
    }

    static AggregatorTopicSizes of(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<Integer> brokers = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).toList();
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS);
            long start = admin.listOffsets(Map.of(JOURNAL, OffsetSpec.earliest())).partitionResult(JOURNAL).get().offset();
            long end = admin.listOffsets(Map.of(JOURNAL, OffsetSpec.latest())).partitionResult(JOURNAL).get().offset();
            return new AggregatorTopicSizes(bytes(dirs, JOURNAL), start, end, bytes(dirs, SNAPSHOTS), bytes(dirs, TRANSACTIONS));
        }
    }

    String describe(long history) {
        return String.format("aggregator topics on disk after %d inputs: journal %.1f MiB (offsets %d..%d kept of %d), snapshots %.1f MiB;"
                + " upgrade.transactions %.1f MiB", history, mib(journalBytes), journalStart, journalEnd, journalEnd, mib(snapshotBytes),
                mib(transactionBytes));
    }

    private static long bytes(Map<Integer, Map<String, LogDirDescription>> dirs, TopicPartition partition) {
        long total = 0;
        for (Map<String, LogDirDescription> broker : dirs.values()) {
            for (LogDirDescription dir : broker.values()) {
                ReplicaInfo replica = dir.replicaInfos().get(partition);
                total += replica == null ? 0 : replica.size();
            }
        }
        return total;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
