package io.cutover.aggregator.messaging;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AggregatorConfig;

/**
 * The aggregator's own topics, its journal and its snapshots: the aggregator creates each at start when it is
 * missing, where its credentials allow (Create on the topic). Until both exist it stays not-ready, naming the
 * topic and why it could not create it.
 *
 * <p>The journal: one partition (one order), never deleted by time (the aggregator deletes what its newest
 * snapshot covers), segments of 64 MiB so that what it deletes leaves the disk. The snapshots: one partition,
 * compacted (the newest snapshot per key), segments that roll at 64 MiB or 10 minutes and are cleaned soon
 * after, so the topic holds about one segment of snapshots. Both three replicas and two in sync (capped to the
 * brokers there are), like the public topics; deploy/kafka/topics.conf declares the snapshot topic alike.
 */
@ApplicationScoped
public class OwnTopics {

    /** Upper bound of one snapshot record: the snapshot topic's max.message.bytes and the producer's max.request.size. */
    public static final int MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

    private static final Logger LOG = Logger.getLogger(OwnTopics.class);
    private static final long TIMEOUT_SECONDS = 15;

    private final String journalTopic;
    private final String snapshotTopic;
    private volatile Optional<String> problem = Optional.of("not checked yet");

    @jakarta.inject.Inject
    public OwnTopics(AggregatorConfig config) {
        this(config.aggregator().journalTopic(), config.aggregator().snapshotTopic());
    }

    OwnTopics(String journalTopic, String snapshotTopic) {
        this.journalTopic = journalTopic;
        this.snapshotTopic = snapshotTopic;
    }

    /** Why the aggregator cannot work yet (a topic of its own missing and not creatable); empty once both exist. */
    public Optional<String> problem() {
        return problem;
    }

    /** The journal's declaration for a cluster of {@code brokers}. */
    static NewTopic journal(String name, int brokers) {
        short replicas = (short) Math.min(3, brokers);
        return new NewTopic(name, 1, replicas).configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                "segment.bytes", Integer.toString(64 * 1024 * 1024), "min.insync.replicas", Integer.toString(Math.min(2, replicas))));
    }

    /** The snapshot topic's declaration for a cluster of {@code brokers} (as in deploy/kafka/topics.conf). */
    static NewTopic snapshots(String name, int brokers) {
        short replicas = (short) Math.min(3, brokers);
        return new NewTopic(name, 1, replicas).configs(Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1",
                "segment.ms", "600000", "segment.bytes", Integer.toString(64 * 1024 * 1024), "max.message.bytes", Integer.toString(MAX_SNAPSHOT_BYTES),
                "min.insync.replicas", Integer.toString(Math.min(2, replicas))));
    }

    /** The alert log's declaration (see AlertLog): one partition, compacted (the latest state per idempotency key). */
    static NewTopic alerts(String name, int brokers) {
        short replicas = (short) Math.min(3, brokers);
        return new NewTopic(name, 1, replicas).configs(Map.of("cleanup.policy", "compact", "min.insync.replicas",
                Integer.toString(Math.min(2, replicas))));
    }

    /** Makes sure both topics exist, creating what is missing; false (with {@link #problem()} saying why) when it cannot. */
    boolean ensure(Properties connection) {
        return ensure(connection, journalTopic);
    }

    /** The same, for one network's journal {@code journal} (a deployment serving a fleet keeps one per network). */
    boolean ensure(Properties connection, String journal) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            return ensure(admin, "journal", journal, OwnTopics::journal) && ensure(admin, "snapshot", snapshotTopic, OwnTopics::snapshots);
        }
    }

    private boolean ensure(Admin admin, String kind, String topic, BiFunction<String, Integer, NewTopic> declaration) {
        try {
            if (!exists(admin, topic)) {
                int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
                NewTopic created = declaration.apply(topic, brokers);
                try {
                    admin.createTopics(List.of(created)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.infof("created the %s topic %s (%d partition, %d replicas, %s)", kind, topic, created.numPartitions(),
                            created.replicationFactor(), created.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            problem = Optional.empty();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(kind, topic, "interrupted");
        } catch (ExecutionException e) {
            return fail(kind, topic, e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (Exception e) {
            return fail(kind, topic, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean exists(Admin admin, String topic) throws Exception {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private boolean fail(String kind, String topic, String why) {
        String text = "the " + kind + " topic " + topic + " is missing and could not be created (" + why + "); create it ("
                + (kind.equals("journal") ? "1 partition, cleanup.policy=delete, retention.ms=-1" : "as deploy/kafka/topics.conf declares it")
                + ") or allow this aggregator Create on it";
        if (!problem.equals(Optional.of(text))) {
            LOG.error(text);
        }
        problem = Optional.of(text);
        return false;
    }
}
