package io.cutover.ctl.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.Timestamp;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * Stands in for the validators' rollout agents: every few seconds each validator's node reports
 * on {@code rollout.status} that it runs {@code release} at {@code height}, dated now, which is where
 * proposal-service and vote-aggregator take the network height from.
 */
public final class HeightFeed implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "height-feed");
        t.setDaemon(true);
        return t;
    });

    private HeightFeed(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Starts reporting: one RolloutStatus per validator key (node validator-1, -2, ...) every two seconds. */
    public static HeightFeed start(String bootstrap, String chainId, List<String> validatorKeys, String release, long height) {
        HeightFeed feed = new HeightFeed(bootstrap);
        feed.schedule.scheduleWithFixedDelay(() -> feed.report(chainId, validatorKeys, release, height), 0, 2, TimeUnit.SECONDS);
        return feed;
    }

    private void report(String chainId, List<String> keys, String release, long height) {
        Instant now = Instant.now();
        Timestamp reportedAt = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        for (int i = 0; i < keys.size(); i++) {
            String node = "validator-" + (i + 1);
            RolloutStatus status = RolloutStatus.newBuilder().setChainId(chainId).setNode(node).setValidatorKey(keys.get(i))
                    .setHeight(height).setRunningRelease(release).setPhase(RolloutPhase.ROLLOUT_PHASE_RUNNING)
                    .setReportedAt(reportedAt).setPhaseSince(reportedAt).build();
            producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(chainId, node), EventJson.write(status)));
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
