package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * The packaged aggregator, killed with SIGKILL at random moments while votes stream in and
 * restarted each time, publishes exactly the events of an uninterrupted run: none lost, none repeated.
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class CrashRecoveryIT {

    private static final int PROPOSALS = 150;

    @Test
    void sigkillAtRandomMomentsNeitherLosesNorRepeatsAnEvent(KafkaBroker broker) throws Exception {
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        Path toml = network.writeToml();
        List<AcceptedTransaction> votes = PackagedAggregator.script(network, PROPOSALS);
        PackagedAggregator.Output expected = PackagedAggregator.expected(network.toml(), votes);
        Random random = new Random(42);

        try (KafkaProducer<String, String> producer = TestNetwork.producer(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicInteger kills = new AtomicInteger();
            AtomicInteger killsAfterPublishing = new AtomicInteger();
            long[] committedAtLaunch = {0};
            Process[] current = {PackagedAggregator.launch(bootstrap, toml, PackagedAggregator.tempLog("aggregator-crash-"))};
            Thread killer = new Thread(() -> {
                while (streaming.get()) {
                    // mostly once it works (mid-stream), sometimes while it starts or replays the journal
                    if (random.nextInt(5) > 0) {
                        PackagedAggregator.awaitCommitBeyond(bootstrap, PackagedAggregator.committedOffset(bootstrap), Duration.ofSeconds(30));
                    }
                    PackagedAggregator.sleep(random.nextInt(1500));
                    PackagedAggregator.kill(current[0]); // SIGKILL
                    kills.incrementAndGet();
                    if (PackagedAggregator.committedOffset(bootstrap) > committedAtLaunch[0]) {
                        killsAfterPublishing.incrementAndGet();
                    }
                    committedAtLaunch[0] = PackagedAggregator.committedOffset(bootstrap);
                    current[0] = PackagedAggregator.launch(bootstrap, toml, PackagedAggregator.tempLog("aggregator-crash-"));
                }
            }, "killer");
            killer.start();
            try {
                for (AcceptedTransaction vote : votes) {
                    TestNetwork.send(producer, vote);
                    Thread.sleep(40);
                }
                streaming.set(false);
                killer.join();

                PackagedAggregator.Output actual = PackagedAggregator.committedOutput(bootstrap, Duration.ofSeconds(90));
                assertThat(kills.get()).as("the aggregator was killed while votes streamed in").isGreaterThanOrEqualTo(3);
                assertThat(killsAfterPublishing.get()).as("killed after it had committed transactions").isGreaterThanOrEqualTo(2);
                assertThat(actual.approvals()).isEqualTo(expected.approvals());
                assertThat(actual.proposals()).isEqualTo(expected.proposals());
            } finally {
                streaming.set(false);
                killer.join();
                PackagedAggregator.kill(current[0]);
            }
        }
    }
}
