package io.cutover.aggregator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

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

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.proposal.RecoveryId;
import io.cutover.core.tx.Digests;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.CommandKind;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;
import io.cutover.testing.TestFiles;

/** A test network of validators with known keys, and the records proposal-service would write for them. */
public final class TestNetwork {

    public static final String CHAIN = "cutover-devnet";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<TransactionSigner> signers = new ArrayList<>();
    private final String chain;
    private final long[] powers;
    private final AtomicLong nonce = new AtomicLong();

    public TestNetwork(long... powers) {
        this(CHAIN, 0, powers);
    }

    /** A network of {@code chain} whose validators' keys come from seeds {@code firstSeed + 1, firstSeed + 2, ...}. */
    public TestNetwork(String chain, int firstSeed, long... powers) {
        this.chain = chain;
        this.powers = powers.clone();
        for (int i = 0; i < powers.length; i++) {
            byte[] seed = new byte[32];
            Arrays.fill(seed, (byte) (firstSeed + i + 1));
            signers.add(new TransactionSigner(seed));
        }
    }

    public String key(int validator) {
        return signers.get(validator - 1).publicKeyHex();
    }

    public String toml() {
        StringBuilder toml = new StringBuilder("chain_id = \"" + chain + "\"\ncurrent_release = \"v1.0.0\"\n"
                + "approval_threshold = \"2/3\"\napproval_rule = \"greater\"\n");
        for (int i = 0; i < powers.length; i++) {
            toml.append("\n[[validators]]\nname = \"validator-").append(i + 1).append("\"\npub_key = \"")
                    .append(signers.get(i).publicKeyHex()).append("\"\nvoting_power = ").append(powers[i]).append('\n');
        }
        return toml.toString();
    }

    public Path writeToml() {
        try {
            Path file = TestFiles.file("network-", ".toml");
            Files.writeString(file, toml());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The AcceptedTransaction JSON of validator's vote for tag@height. */
    public AcceptedTransaction approve(int validator, String tag, long height) {
        InputData input = InputData.newBuilder().setNonce(nonce.incrementAndGet()).setBlockHeight(10)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag(tag).setUpgradeBlockHeight(height))
                .build();
        return accepted(validator, input, ProposalId.of(tag, height, List.of()), CommandKind.COMMAND_KIND_PROPOSAL);
    }

    public AcceptedTransaction reject(int validator, String proposalId) {
        InputData input = InputData.newBuilder().setNonce(nonce.incrementAndGet()).setBlockHeight(10)
                .setProtocolUpgradeRejection(ProtocolUpgradeRejection.newBuilder().setProposalId(proposalId)).build();
        return accepted(validator, input, proposalId, CommandKind.COMMAND_KIND_REJECTION);
    }

    /** validator's upgrade_recovery: a hot-fix {@code tag} (no artifacts) of the upgrade {@code upgradeId}. */
    public AcceptedTransaction hotFix(int validator, String upgradeId, String tag) {
        UpgradeRecovery recovery = UpgradeRecovery.newBuilder().setUpgradeId(upgradeId).setHotFix(HotFix.newBuilder().setVegaReleaseTag(tag)).build();
        return recover(validator, recovery);
    }

    public AcceptedTransaction returnTo(int validator, String upgradeId) {
        return recover(validator, UpgradeRecovery.newBuilder().setUpgradeId(upgradeId).setReturnToPrevious(ReturnToPrevious.getDefaultInstance()).build());
    }

    private AcceptedTransaction recover(int validator, UpgradeRecovery recovery) {
        InputData input = InputData.newBuilder().setNonce(nonce.incrementAndGet()).setBlockHeight(10).setUpgradeRecovery(recovery).build();
        return accepted(validator, input, RecoveryId.of(recovery), CommandKind.COMMAND_KIND_RECOVERY);
    }

    public RolloutStatus heightReport(int validator, long height) {
        return RolloutStatus.newBuilder().setChainId(chain).setNode("validator-" + validator).setValidatorKey(key(validator))
                .setHeight(height).setReportedAt(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + height)).build();
    }

    /** validator's vote for tag@height signed for {@code otherChain} (a transaction of this network replayed to another). */
    public AcceptedTransaction approveOn(String otherChain, int validator, String tag, long height) {
        InputData input = InputData.newBuilder().setNonce(nonce.incrementAndGet()).setBlockHeight(10)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder().setVegaReleaseTag(tag).setUpgradeBlockHeight(height))
                .build();
        return accepted(otherChain, validator, input, ProposalId.of(tag, height, List.of()), CommandKind.COMMAND_KIND_PROPOSAL);
    }

    private AcceptedTransaction accepted(int validator, InputData input, String proposalId, CommandKind kind) {
        return accepted(chain, validator, input, proposalId, kind);
    }

    private AcceptedTransaction accepted(String signedFor, int validator, InputData input, String proposalId, CommandKind kind) {
        byte[] raw = signers.get(validator - 1).signV3(signedFor, input).toByteArray();
        return AcceptedTransaction.newBuilder().setChainId(signedFor).setTx(ByteString.copyFrom(raw)).setTxHash(Digests.sha256Hex(raw))
                .setSigner(key(validator)).setProposalId(proposalId).setCommand(kind)
                .setReceivedAt(Timestamp.newBuilder().setSeconds(T0.getEpochSecond() + nonce.get())).build();
    }

    public static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static void send(KafkaProducer<String, String> producer, AcceptedTransaction tx) {
        try {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, Topics.transactionKey(tx.getChainId()), EventJson.write(tx))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void send(KafkaProducer<String, String> producer, RolloutStatus status) {
        try {
            producer.send(new ProducerRecord<>(Topics.ROLLOUT_STATUS, Topics.rolloutStatusKey(status.getChainId(), status.getNode()),
                    EventJson.write(status))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A read_committed consumer from the beginning of {@code topic} (one partition). */
    public static KafkaConsumer<String, String> committedReader(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        return consumer;
    }

    public static List<ConsumerRecord<String, String>> drain(KafkaConsumer<String, String> consumer, List<ConsumerRecord<String, String>> into) {
        consumer.poll(java.time.Duration.ofMillis(200)).forEach(into::add);
        return into;
    }

    /**
     * Everything committed on the consumer's partitions so far: polls until its position reaches their end
     * (for read_committed, the last stable offset), so that a record missing from {@code into} was never written.
     */
    public static List<ConsumerRecord<String, String>> drainToEnd(KafkaConsumer<String, String> consumer,
            List<ConsumerRecord<String, String>> into) {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("did not read to the end " + end + " of the topic; at " + consumer.assignment().stream()
                        .collect(java.util.stream.Collectors.toMap(tp -> tp, consumer::position)));
            }
            consumer.poll(java.time.Duration.ofMillis(100)).forEach(into::add);
        }
        return into;
    }
}
