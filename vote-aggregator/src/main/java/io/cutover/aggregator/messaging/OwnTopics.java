package io.cutover.aggregator.messaging;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AggregatorConfig;

/**
 * The aggregator's own topic, its journal: operators declare only the public topics (deploy/kafka/topics.conf);
 * the aggregator creates the journal at start when it is missing, where its credentials allow (Create on the
 * topic). Until the journal exists it stays not-ready, naming the topic and why it could not create it.
 *
 * <p>The journal: one partition (one order), never deleted, three replicas and two in sync (capped to the
 * brokers there are), like the public topics.
 */
@ApplicationScoped
public class OwnTopics {

    private static final Logger LOG = Logger.getLogger(OwnTopics.class);
    private static final long TIMEOUT_SECONDS = 15;

    private final String journalTopic;
    private volatile Optional<String> problem = Optional.of("not checked yet");

    @jakarta.inject.Inject
    public OwnTopics(AggregatorConfig config) {
        this(config.aggregator().journalTopic());
    }

    OwnTopics(String journalTopic) {
        this.journalTopic = journalTopic;
    }

    /** Why the aggregator cannot work yet (its journal missing and not creatable); empty once it exists. */
    public Optional<String> problem() {
        return problem;
    }

    /** The journal's declaration for a cluster of {@code brokers}. */
    static NewTopic journal(String name, int brokers) {
        short replicas = (short) Math.min(3, brokers);
        return new NewTopic(name, 1, replicas).configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1",
                "min.insync.replicas", Integer.toString(Math.min(2, replicas))));
    }

    /** Makes sure the journal exists, creating it if missing; false (with {@link #problem()} saying why) when it cannot. */
    boolean ensure(Properties connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(props)) {
            if (exists(admin)) {
                problem = Optional.empty();
                return true;
            }
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            NewTopic topic = journal(journalTopic, brokers);
            try {
                admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.infof("created the journal topic %s (%d partition, %d replicas, %s)", journalTopic, topic.numPartitions(),
                        topic.replicationFactor(), topic.configs());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            problem = Optional.empty();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (ExecutionException e) {
            return fail(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (Exception e) {
            return fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private boolean exists(Admin admin) throws Exception {
        try {
            admin.describeTopics(List.of(journalTopic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private boolean fail(String why) {
        String text = "the journal topic " + journalTopic + " is missing and could not be created (" + why
                + "); create it (1 partition, cleanup.policy=delete, retention.ms=-1) or allow this aggregator Create on it";
        if (!problem.equals(Optional.of(text))) {
            LOG.error(text);
        }
        problem = Optional.of(text);
        return false;
    }
}
