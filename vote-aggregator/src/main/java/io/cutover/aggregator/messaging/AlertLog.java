package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cutover.aggregator.domain.alert.Alert;

/**
 * The record of every alert raised, on a compacted topic (key: the idempotency key; value: the alert and its
 * state): PENDING before it is sent, DELIVERED once every webhook accepted it. An instance that becomes active
 * reads it to its end first, so it raises nothing already raised and sends again only what is not DELIVERED.
 */
final class AlertLog implements AutoCloseable {

    /** Where an alert stands. */
    enum State {
        PENDING, DELIVERED
    }

    record Entry(Alert alert, State state) {
    }

    private static final Logger LOG = Logger.getLogger(AlertLog.class);
    private static final long TIMEOUT_SECONDS = 15;

    private final Properties connection;
    private final String topic;
    private KafkaProducer<String, String> producer;

    AlertLog(Properties connection, String topic) {
        this.connection = connection;
        this.topic = topic;
    }

    /** Creates the topic when missing (one partition, compacted, like the aggregator's other own topics). */
    void ensureTopic() throws Exception {
        try (Admin admin = Admin.create(connection)) {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
            admin.createTopics(List.of(OwnTopics.alerts(topic, brokers))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            LOG.infof("created the alert topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Every alert recorded so far with its latest state, read to the topic's end. */
    Map<String, Entry> readAll() {
        Properties props = new Properties();
        props.putAll(connection);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Entry> entries = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_SECONDS)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(TIMEOUT_SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the alert topic " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        entries.remove(record.key());
                    } else {
                        JsonNode value = AlertJson.parse(record.value());
                        entries.put(record.key(), new Entry(AlertJson.read(value.path("alert")), State.valueOf(value.path("state").asText())));
                    }
                }
            }
        }
        return entries;
    }

    /** Records {@code alert} as {@code state}; returns once Kafka acknowledged it (acks=all). */
    void record(Alert alert, State state) throws ExecutionException, InterruptedException, TimeoutException {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        value.put("state", state.name());
        value.set("alert", AlertJson.plain(alert));
        producer().send(new ProducerRecord<>(topic, alert.key(), value.toString())).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.putAll(connection);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
