package io.cutover.agent.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.RolloutStatus;

/** Reads what an agent reported on rollout.status, for the agent's end-to-end tests. */
public final class StatusRecords {

    private StatusRecords() {
    }

    /** Every rollout.status record of {@code node} on {@code chain} so far, in topic order. */
    public static List<RolloutStatus> of(String bootstrap, String chain, String node) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        String key = Topics.rolloutStatusKey(chain, node);
        List<RolloutStatus> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.ROLLOUT_STATUS));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int empty = 0;
            while (System.nanoTime() < deadline && (out.isEmpty() || empty < 2)) {
                var records = consumer.poll(Duration.ofMillis(500));
                empty = records.isEmpty() ? empty + 1 : 0;
                for (ConsumerRecord<String, String> r : records) {
                    if (r.key().equals(key)) {
                        out.add(EventJson.read(r.value(), RolloutStatus.newBuilder()));
                    }
                }
            }
        }
        return out;
    }
}
