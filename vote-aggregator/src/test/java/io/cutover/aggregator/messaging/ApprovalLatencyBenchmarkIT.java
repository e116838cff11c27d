package io.cutover.aggregator.messaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * Benchmark, not a test: runs only with {@code -Dbenchmark=true}. Approval latency from the
 * decisive vote's acknowledgement by Kafka to the approval readable by a read_committed consumer
 * (p50/p99 over {@code -Dbenchmark.proposals}, default 300), then journal rebuild time after
 * {@code -Dbenchmark.transactions} (default 1,000,000) vote transactions.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class ApprovalLatencyBenchmarkIT {

    @Test
    void approvalLatencyAndRebuildTime(KafkaBroker broker) throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmark: run with -Dbenchmark=true");
        int proposals = Integer.getInteger("benchmark.proposals", 300);
        int transactions = Integer.getInteger("benchmark.transactions", 1_000_000);
        TestNetwork network = new TestNetwork(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        Path toml = network.writeToml();
        try (KafkaProducer<String, String> producer = TestNetwork.producer(broker.bootstrapServers());
                KafkaConsumer<String, String> approvals = TestNetwork.committedReader(broker.bootstrapServers(), Topics.APPROVALS)) {
            Path log = Files.createTempFile("aggregator-bench-", ".log");
            Process aggregator = PackagedAggregator.launch(broker.bootstrapServers(), toml, log);
            try {
                long[] latencies = new long[proposals];
                for (int i = 0; i < proposals; i++) {
                    String tag = "v1." + (i + 1) + ".0";
                    for (int v = 1; v <= 6; v++) {
                        TestNetwork.send(producer, network.approve(v, tag, 10_000 + i));
                    }
                    AcceptedTransaction decisive = network.approve(7, tag, 10_000 + i);
                    String json = EventJson.write(decisive);
                    producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, TestNetwork.CHAIN, json)).get();
                    long acked = System.nanoTime();
                    List<ConsumerRecord<String, String>> seen = new ArrayList<>();
                    while (seen.isEmpty()) {
                        approvals.poll(Duration.ofMillis(1)).forEach(seen::add);
                    }
                    latencies[i] = System.nanoTime() - acked;
                }
                long[] warm = Arrays.copyOfRange(latencies, Math.min(50, proposals / 4), proposals);
                Arrays.sort(warm);
                System.out.printf("BENCHMARK approval latency over %d proposals (after %d warm-up): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        warm.length, proposals - warm.length, warm[warm.length / 2] / 1e6, warm[(int) (warm.length * 0.99)] / 1e6,
                        warm[warm.length - 1] / 1e6);

                // votes that keep moving between five proposals: every one changes the tally, none approves
                List<String> pool = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    for (int v = 1; v <= 10; v++) {
                        pool.add(EventJson.write(network.approve(v, "v9." + ((v + round) % 5) + ".0", 900_000)));
                    }
                }
                for (int i = 0; i < transactions; i++) {
                    producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, TestNetwork.CHAIN, pool.get(i % pool.size())));
                }
                producer.flush();
                long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
                while (!Files.readString(log).contains("lag") && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    if (caughtUp(broker.bootstrapServers(), transactions + proposals * 7L)) {
                        break;
                    }
                }
            } finally {
                aggregator.destroyForcibly().waitFor();
            }
            Path restartLog = Files.createTempFile("aggregator-bench-restart-", ".log");
            Process restarted = PackagedAggregator.launch(broker.bootstrapServers(), toml, restartLog);
            try {
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (!Files.readString(restartLog).contains("rebuilt the tally") && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                Files.readAllLines(restartLog).stream().filter(l -> l.contains("rebuilt the tally"))
                        .forEach(l -> System.out.println("BENCHMARK " + l.substring(l.indexOf("rebuilt"))));
            } finally {
                restarted.destroyForcibly().waitFor();
            }
        }
    }

    private static boolean caughtUp(String bootstrap, long expectedOffset) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var committed = admin.listConsumerGroupOffsets("cutover-vote-aggregator").partitionsToOffsetAndMetadata().get()
                    .get(new org.apache.kafka.common.TopicPartition(Topics.TRANSACTIONS, 0));
            return committed != null && committed.offset() >= expectedOffset;
        } catch (Exception e) {
            return false;
        }
    }
}
