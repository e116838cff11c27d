package io.cutover.agent.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.cutover.agent.domain.PowerBack;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.network.ValidatorInfo;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the other agents of the chain report on rollout.status, read while this agent's new release
 * waits for its peers: the topic is compacted by "&lt;chain&gt;/&lt;node&gt;", so reading it from the
 * beginning gives every node's latest report. The consumer runs only between the first
 * {@link #tally} and {@link #pause} (an idle agent holds no consumer); it joins no group and commits
 * nothing. Until it has read up to the end of the topic as it was when it started, it tells no
 * tally: the reports read so far would understate the power back.
 */
public final class PeerReports implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PeerReports.class);
    private static final int FETCH_BYTES = 256 * 1024;

    private final Supplier<Consumer<String, String>> consumers;
    private final String chainId;
    private final String nodeName;
    private final List<ValidatorInfo> validators;
    private final Map<String, PowerBack.Report> latest = new ConcurrentHashMap<>();
    private Reader reader;

    /**
     * @param connection the Kafka client properties, null when Kafka is not configured (then there is nothing to tally)
     * @param validators network.toml's validators (empty without a network file: nodes are counted, not power)
     */
    public PeerReports(Properties connection, String chainId, String nodeName, List<ValidatorInfo> validators) {
        this(connection == null ? null : () -> new KafkaConsumer<>(consumerProperties(connection, nodeName)), chainId, nodeName,
                validators);
    }

    /** @param consumers makes the consumer of each reading; null when Kafka is not configured */
    PeerReports(Supplier<Consumer<String, String>> consumers, String chainId, String nodeName, List<ValidatorInfo> validators) {
        this.consumers = consumers;
        this.chainId = chainId;
        this.nodeName = nodeName;
        this.validators = List.copyOf(validators);
    }

    /** No Kafka: the agent knows nothing of its peers. */
    public static PeerReports none() {
        return new PeerReports((Supplier<Consumer<String, String>>) null, "", "", List.of());
    }

    /**
     * The power back on {@code release} with this node as {@code self}; empty without Kafka, and until
     * the other nodes' latest reports are read. Starts reading on the first call.
     */
    public synchronized Optional<PowerBack.Tally> tally(String release, PowerBack.Report self) {
        if (consumers == null) {
            return Optional.empty();
        }
        if (reader == null) {
            latest.clear();
            reader = new Reader(consumers.get());
            reader.start();
        }
        if (!reader.caughtUp) {
            return Optional.empty();
        }
        return Optional.of(PowerBack.of(release, latest.values(), self, validators));
    }

    /** Stops reading until the next {@link #tally}. */
    public synchronized void pause() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    @Override
    public void close() {
        pause();
    }

    static PowerBack.Report report(RolloutStatus s) {
        boolean up = s.getPhase() == RolloutPhase.ROLLOUT_PHASE_STARTING || s.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING;
        return new PowerBack.Report(s.getNode(), s.getValidatorKey(), s.getRunningRelease(), up);
    }

    private static Properties consumerProperties(Properties connection, String nodeName) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cutover-agent-peers-" + nodeName);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // small fetches: a report is well under 1 kB, and the agent's heap is 64 MB (the defaults fetch up to 50 MB at once)
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }

    /** One consumer on its own thread, assigned every partition of rollout.status from the beginning. */
    private final class Reader {

        private final Consumer<String, String> consumer;
        private final Thread thread = new Thread(this::loop, "peer-reports");
        private volatile boolean stopped;
        /** Every record up to the end offsets taken at the start is read. */
        private volatile boolean caughtUp;

        Reader(Consumer<String, String> consumer) {
            this.consumer = consumer;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            String prefix = chainId + "/";
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(Topics.ROLLOUT_STATUS);
                if (infos == null || infos.isEmpty()) {
                    LOG.warnf("topic %s not found: the power back on the new release counts this node only", Topics.ROLLOUT_STATUS);
                    caughtUp = true;
                    return;
                }
                List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (!stopped) {
                    if (!caughtUp && partitions.stream().allMatch(p -> consumer.position(p) >= end.getOrDefault(p, 0L))) {
                        caughtUp = true;
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.key() != null && record.key().startsWith(prefix) && record.value() != null) {
                            read(record);
                        }
                    }
                }
            } catch (WakeupException e) {
                // stopped
            } catch (RuntimeException e) {
                LOG.warnf("peers' rollout.status reports are not read any more: %s", e.toString());
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        private void read(ConsumerRecord<String, String> record) {
            try {
                latest.put(record.key(), report(EventJson.read(record.value(), RolloutStatus.newBuilder())));
            } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
                LOG.debugf("unreadable rollout.status record %s at offset %d: %s", record.key(), record.offset(), e);
            }
        }

        void stop() {
            stopped = true;
            consumer.wakeup();
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
