package io.cutover.proposal.messaging;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proto.v1.AcceptedTransaction;

/**
 * Appends accepted transactions to upgrade.transactions: acks=all, idempotent, bounded delivery
 * time. The returned stage completes only once Kafka acknowledged the record, and fails when
 * Kafka could not take it within the delivery timeout. A plain producer rather than an emitter:
 * each caller waits for its own record's acknowledgement and a failure must not stop the channel.
 */
@ApplicationScoped
public class TransactionLog {

    private final KafkaProducer<String, String> producer;

    public TransactionLog(KafkaClients clients, ProposalServiceConfig config) {
        long delivery = Math.max(2000, config.kafka().deliveryTimeout().toMillis());
        Map<String, Object> props = clients.connection();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "proposal-service-transactions");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) config.kafka().linger().toMillis());
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, config.kafka().batchBytes());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) (delivery / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, delivery);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /** Completes when Kafka acknowledged the record (all in-sync replicas), fails otherwise. */
    public CompletionStage<Void> append(AcceptedTransaction accepted) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.transactionKey(accepted.getChainId()), EventJson.write(accepted)),
                    (metadata, error) -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(null);
                        }
                    });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @PreDestroy
    void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
