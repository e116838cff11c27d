package io.cutover.proposal.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.DecodedTransaction;
import io.cutover.core.tx.TransactionDecoder;
import io.cutover.proposal.config.ServedNetworks;
import io.cutover.proposal.domain.ServedNetwork;
import io.cutover.proposal.config.ProposalServiceConfig;
import io.cutover.proposal.domain.SubmissionLedger;
import io.cutover.proto.v1.AcceptedTransaction;
import io.quarkus.runtime.StartupEvent;

/**
 * At start, reads upgrade.transactions from the beginning to its end and remembers every accepted
 * hash and nonce of this chain, so that a restarted service does not accept a duplicate. Until
 * this is done nothing is accepted; if Kafka cannot be read within the replay timeout the service
 * does not start.
 */
@ApplicationScoped
public class TransactionLogReplay {

    private static final Logger LOG = Logger.getLogger(TransactionLogReplay.class);

    private final KafkaClients clients;
    private final ServedNetworks networks;
    private final Duration timeout;

    public TransactionLogReplay(KafkaClients clients, ServedNetworks networks, ProposalServiceConfig config) {
        this.clients = clients;
        this.networks = networks;
        this.timeout = config.kafka().replayTimeout();
    }

    void onStart(@Observes StartupEvent event) {
        long started = System.nanoTime();
        int count = replay();
        networks.all().forEach(n -> n.ledger().markRebuilt());
        LOG.infof("read back %d accepted transactions of %s from %s in %d ms", count,
                String.join(", ", networks.all().stream().map(ServedNetwork::chainId).toList()), Topics.TRANSACTIONS,
                (System.nanoTime() - started) / 1_000_000);
    }

    private int replay() {
        Map<String, Object> props = clients.connection();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "proposal-service-replay");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        int count = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TRANSACTIONS, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + Topics.TRANSACTIONS + " back within " + timeout);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Optional<ServedNetwork> network = record.key() == null ? Optional.empty() : networks.network(record.key());
                    if (network.isPresent() && remember(record, network.get().ledger())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private boolean remember(ConsumerRecord<String, String> record, SubmissionLedger ledger) {
        try {
            AcceptedTransaction accepted = EventJson.read(record.value(), AcceptedTransaction.newBuilder());
            Optional<DecodedTransaction> tx = TransactionDecoder.decode(accepted.getTx().toByteArray());
            if (tx.isEmpty()) {
                LOG.warnf("%s offset %d: the recorded transaction does not decode; skipped", Topics.TRANSACTIONS, record.offset());
                return false;
            }
            ledger.remember(tx.get().txHash(), tx.get().transaction().getPubKey(), tx.get().inputData().getNonce(),
                    tx.get().transaction().getPow().getTid());
            return true;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            LOG.warnf("%s offset %d is not an AcceptedTransaction (%s); skipped", Topics.TRANSACTIONS, record.offset(), e.getMessage());
            return false;
        }
    }
}
