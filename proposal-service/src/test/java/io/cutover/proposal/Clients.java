package io.cutover.proposal;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import com.google.rpc.ErrorInfo;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.ProposalServiceGrpc;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.v1.SubmitTransactionRequest;
import io.cutover.proto.v1.SubmitTransactionResponse;
import io.cutover.testing.KafkaBrokerResource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.restassured.response.Response;

/** What the tests use to reach the service (gRPC and REST) and the real broker. */
public final class Clients {

    /** The outcome of one submission, the same shape for both transports. */
    public record Outcome(String status, String reason, String txHash, String proposalId) {
        public boolean accepted() {
            return reason == null;
        }
    }

    private Clients() {
    }

    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    public static Outcome grpc(ManagedChannel channel, byte[] tx) {
        try {
            SubmitTransactionResponse response = ProposalServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .submitTransaction(SubmitTransactionRequest.newBuilder().setTx(ByteString.copyFrom(tx)).build());
            return new Outcome("OK", null, response.getTxHash(), response.getProposalId());
        } catch (StatusRuntimeException e) {
            com.google.rpc.Status status = StatusProto.fromThrowable(e);
            String reason = null;
            if (status != null) {
                for (com.google.protobuf.Any any : status.getDetailsList()) {
                    if (any.is(ErrorInfo.class)) {
                        try {
                            ErrorInfo info = any.unpack(ErrorInfo.class);
                            if ("cutover.io".equals(info.getDomain())) {
                                reason = info.getReason();
                            }
                        } catch (Exception ignored) {
                            // not an ErrorInfo after all
                        }
                    }
                }
            }
            return new Outcome(e.getStatus().getCode().name(), reason == null ? "<none>" : reason, null, null);
        }
    }

    public static Outcome rest(byte[] tx) {
        return restBody("{\"tx\":\"" + Base64.getEncoder().encodeToString(tx) + "\"}");
    }

    public static Outcome restBody(String body) {
        Response response = given().contentType("application/json").body(body).post("/api/v1/transactions");
        if (response.statusCode() == 202) {
            return new Outcome("202", null, response.jsonPath().getString("txHash"), response.jsonPath().getString("proposalId"));
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return new Outcome(String.valueOf(response.statusCode()), "<not a problem: " + response.contentType() + ">", null, null);
        }
        return new Outcome(String.valueOf(response.statusCode()), response.jsonPath().getString("reason"), null, null);
    }

    /** Every record of upgrade.transactions, from the beginning. */
    public static List<ConsumerRecord<String, String>> transactions() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(Topics.TRANSACTIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    /** Writes one record to a topic of the running broker. */
    public static void publish(String topic, String key, String value) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** Every consensus validator's agent reports {@code height} now (the agents height source). */
    public static void reportHeight(String chain, long height, TransactionSigner... validators) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.broker().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        Instant now = Instant.now();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            int i = 0;
            for (TransactionSigner v : validators) {
                String node = "node-" + i++;
                RolloutStatus status = RolloutStatus.newBuilder().setChainId(chain).setNode(node).setValidatorKey(v.publicKeyHex())
                        .setHeight(height).setReportedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build();
                producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(chain, node), EventJson.write(status)));
            }
            producer.flush();
        }
    }
}
