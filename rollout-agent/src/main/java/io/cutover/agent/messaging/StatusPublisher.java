package io.cutover.agent.messaging;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.RolloutStatus;

/** Publishes the agent's status to rollout.status (key "&lt;chain&gt;/&lt;node&gt;"), never blocking the agent for long. */
public final class StatusPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);

    private final KafkaProducer<String, String> producer;

    public StatusPublisher(Properties connection, String nodeName) {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "cutover-agent-status-" + nodeName);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    public void publish(RolloutStatus status) {
        String key = Topics.rolloutStatusKey(status.getChainId(), status.getNode());
        try {
            producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, key, EventJson.write(status)), (metadata, error) -> {
                if (error != null) {
                    LOG.warnf("status %s (%s) not published: %s", key, status.getPhase(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("status %s (%s) not published: %s", key, status.getPhase(), e.toString());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(3));
    }
}
