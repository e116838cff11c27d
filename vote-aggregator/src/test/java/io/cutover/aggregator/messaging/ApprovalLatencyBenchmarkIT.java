package io.cutover.aggregator.messaging;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
 * Benchmark, not a test: runs only with {@code -Dbenchmark=true}. Approval latency from the decisive
 * vote's acknowledgement by Kafka to the approval readable by a read_committed consumer (p50/p99 over
 * {@code -Dbenchmark.proposals}, default 300); then {@code -Dbenchmark.history} (default 1,000,000)
 * historical inputs, the disk use of the aggregator's topics once it processed them, and the time from
 * the restart of a SIGKILLed aggregator to it being active again.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class ApprovalLatencyBenchmarkIT {

    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");

    @Test
    void approvalLatencyAndRestartAfterHistory(KafkaBroker broker) throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmark: run with -Dbenchmark=true");
        int proposals = Integer.getInteger("benchmark.proposals", 300);
        long history = Long.getLong("benchmark.history", Long.getLong("benchmark.transactions", 1_000_000));
        TestNetwork network = new TestNetwork(10, 10, 10, 10, 10, 10, 10, 10, 10, 10);
        Path toml = network.writeToml();
        String bootstrap = broker.bootstrapServers();
        try (KafkaProducer<String, String> producer = TestNetwork.producer(bootstrap);
                KafkaConsumer<String, String> approvals = TestNetwork.committedReader(bootstrap, Topics.APPROVALS)) {
            Path log = Files.createTempFile("aggregator-bench-", ".log");
            Process aggregator = PackagedAggregator.launchWithDefaultJvm(bootstrap, toml, log, aggregatorOptions());
            try {
                approvalLatency(network, producer, approvals, proposals);
                feedHistory(network, bootstrap, history);
                long started = System.nanoTime();
                long expectedOffset = history + proposals * 7L;
                while (PackagedAggregator.committedOffset(bootstrap) < expectedOffset && System.nanoTime() - started < Duration.ofHours(2).toNanos()) {
                    Thread.sleep(1000);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("BENCHMARK aggregator history: %d inputs processed %.1f s after the last was acknowledged%n", history, seconds);
                System.out.println("BENCHMARK " + AggregatorTopicSizes.settled(bootstrap).describe(history));
            } finally {
                PackagedAggregator.kill(aggregator); // SIGKILL
            }
            restartAfterKill(bootstrap, toml, history);
        }
    }

    /** -D options for the aggregator under test, from -Dbenchmark.aggregator-options="-Da=b -Dc=d" (to compare settings). */
    private static String[] aggregatorOptions() {
        String options = System.getProperty("benchmark.aggregator-options", "").strip();
        return options.isEmpty() ? new String[0] : options.split("\\s+");
    }

    private static void approvalLatency(TestNetwork network, KafkaProducer<String, String> producer, KafkaConsumer<String, String> approvals,
            int proposals) throws Exception {
        long[] latencies = new long[proposals];
        for (int i = 0; i < proposals; i++) {
            String tag = "v1." + (i + 1) + ".0";
            for (int v = 1; v <= 6; v++) {
                TestNetwork.send(producer, network.approve(v, tag, 10_000 + i));
            }
            AcceptedTransaction decisive = network.approve(7, tag, 10_000 + i);
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, TestNetwork.CHAIN, EventJson.write(decisive))).get();
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
    }

    /** Votes that keep moving between five proposals, sent in large batches: history, as fast as the broker takes it. */
    private static void feedHistory(TestNetwork network, String bootstrap, long history) {
        List<String> pool = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            for (int v = 1; v <= 10; v++) {
                pool.add(EventJson.write(network.approve(v, "v9." + ((v + round) % 5) + ".0", 900_000)));
            }
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(128 * 1024 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long started = System.nanoTime();
        try (KafkaProducer<String, String> bulk = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (long i = 0; i < history; i++) {
                bulk.send(new ProducerRecord<>(Topics.TRANSACTIONS, TestNetwork.CHAIN, pool.get((int) (i % pool.size()))));
            }
            bulk.flush();
        }
        System.out.printf("BENCHMARK history fed: %d inputs acknowledged in %.1f s%n", history, (System.nanoTime() - started) / 1e9);
    }

    /** A new process after the SIGKILL: from its start to its "active" log line. */
    private static void restartAfterKill(String bootstrap, Path toml, long history) throws Exception {
        Path log = Files.createTempFile("aggregator-bench-restart-", ".log");
        long started = System.nanoTime();
        Process restarted = PackagedAggregator.launchWithDefaultJvm(bootstrap, toml, log, aggregatorOptions());
        try {
            long deadline = started + Duration.ofMinutes(15).toNanos();
            String text = "";
            while (!text.contains("active: processing") && System.nanoTime() < deadline) {
                Thread.sleep(10);
                text = Files.readString(log);
            }
            long activeMillis = (System.nanoTime() - started) / 1_000_000;
            Matcher quarkus = QUARKUS_STARTED.matcher(text);
            String rebuilt = text.lines().filter(l -> l.contains("rebuilt the tally")).map(l -> l.substring(l.indexOf("rebuilt")))
                    .findFirst().orElse("no rebuild logged");
            System.out.printf("BENCHMARK aggregator restart after %d inputs: active %d ms after the process started%s; %s%n", history,
                    activeMillis, quarkus.find() ? " (Quarkus up after " + quarkus.group(1) + " s)" : "", rebuilt);
        } finally {
            PackagedAggregator.kill(restarted);
        }
    }
}
