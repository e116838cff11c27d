package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.KafkaBroker;

/**
 * The packaged aggregator, killed with SIGKILL at random moments while votes stream in and
 * restarted each time, publishes exactly the events of an uninterrupted run: none lost, none repeated.
 */
class CrashRecoveryIT {

    private static final int PROPOSALS = 150;

    @Test
    void sigkillAtRandomMomentsNeitherLosesNorRepeatsAnEvent() throws Exception {
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        Path toml = network.writeToml();
        List<AcceptedTransaction> votes = script(network);
        Expected expected = expected(network.toml(), votes);
        Random random = new Random(42);

        try (KafkaBroker broker = KafkaBroker.start();
                KafkaProducer<String, String> producer = TestNetwork.producer(broker.bootstrapServers())) {
            AtomicBoolean streaming = new AtomicBoolean(true);
            AtomicInteger kills = new AtomicInteger();
            AtomicInteger killsAfterPublishing = new AtomicInteger();
            Path[] log = {Files.createTempFile("aggregator-crash-", ".log")};
            long[] committedAtLaunch = {0};
            Process[] current = {launch(broker.bootstrapServers(), toml, log[0])};
            Thread killer = new Thread(() -> {
                while (streaming.get()) {
                    // mostly once it works (mid-stream), sometimes while it starts or replays the journal
                    if (random.nextInt(5) > 0) {
                        awaitCommitBeyond(broker.bootstrapServers(), committedOffset(broker.bootstrapServers()), Duration.ofSeconds(30));
                    }
                    sleep(random.nextInt(1500));
                    current[0].destroyForcibly(); // SIGKILL
                    waitFor(current[0]);
                    kills.incrementAndGet();
                    if (committedOffset(broker.bootstrapServers()) > committedAtLaunch[0]) {
                        killsAfterPublishing.incrementAndGet();
                    }
                    log[0] = tempLog();
                    committedAtLaunch[0] = committedOffset(broker.bootstrapServers());
                    current[0] = launch(broker.bootstrapServers(), toml, log[0]);
                }
            }, "killer");
            killer.start();
            for (AcceptedTransaction vote : votes) {
                TestNetwork.send(producer, vote);
                Thread.sleep(40);
            }
            streaming.set(false);
            killer.join();

            try (KafkaConsumer<String, String> proposals = TestNetwork.committedReader(broker.bootstrapServers(), Topics.PROPOSALS);
                    KafkaConsumer<String, String> approvals = TestNetwork.committedReader(broker.bootstrapServers(), Topics.APPROVALS)) {
                List<ConsumerRecord<String, String>> proposalRecords = new ArrayList<>();
                List<ConsumerRecord<String, String>> approvalRecords = new ArrayList<>();
                Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() ->
                        TestNetwork.drain(proposals, proposalRecords).size() >= expected.proposals.size()
                                && TestNetwork.drain(approvals, approvalRecords).size() >= expected.approvals.size());
                Thread.sleep(2000);
                TestNetwork.drain(proposals, proposalRecords);
                TestNetwork.drain(approvals, approvalRecords);

                assertThat(kills.get()).as("the aggregator was killed while votes streamed in").isGreaterThanOrEqualTo(3);
                assertThat(killsAfterPublishing.get()).as("killed after it had committed transactions").isGreaterThanOrEqualTo(2);
                assertThat(approvalRecords.stream().map(r -> r.key() + " " + r.value()).toList()).isEqualTo(expected.approvals);
                assertThat(proposalRecords.stream().map(r -> r.key() + " " + r.value()).toList()).isEqualTo(expected.proposals);
            } finally {
                current[0].destroyForcibly();
                waitFor(current[0]);
            }
        }
    }

    /** Per proposal: three approvals (approved); every third one then cancelled by three rejections. */
    private static List<AcceptedTransaction> script(TestNetwork network) {
        List<AcceptedTransaction> votes = new ArrayList<>();
        for (int i = 0; i < PROPOSALS; i++) {
            String tag = "v1." + (i + 1) + ".0";
            long height = 1000 + i;
            votes.add(network.approve(1, tag, height));
            votes.add(network.approve(2, tag, height));
            votes.add(network.approve(3, tag, height));
            if (i % 3 == 0) {
                String id = tag + "@" + height;
                votes.add(network.reject(4, id));
                votes.add(network.reject(1, id));
                votes.add(network.reject(2, id));
            }
        }
        return votes;
    }

    private record Expected(List<String> proposals, List<String> approvals) {
    }

    /** The uninterrupted run: the same inputs through the same code, in one go. */
    private static Expected expected(String toml, List<AcceptedTransaction> votes) {
        AppliedInputs state = new AppliedInputs(Duration.ofSeconds(60));
        state.apply(JournalSource.NETWORK, toml, 0);
        List<String> proposals = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        String chain = TestNetwork.CHAIN;
        for (AcceptedTransaction vote : votes) {
            for (TallyEvent event : state.apply(JournalSource.TRANSACTION, EventJson.write(vote), 0).events()) {
                if (event instanceof TallyEvent.ProposalChanged changed) {
                    proposals.add(Topics.proposalKey(chain, changed.proposal().proposalId()) + " "
                            + EventJson.write(EventMessages.proposal(chain, changed.proposal())));
                } else if (event instanceof TallyEvent.ApprovalIssued issued) {
                    approvals.add(Topics.approvalKey(chain, issued.approval().height()) + " "
                            + EventJson.write(EventMessages.approval(chain, issued.approval())));
                } else if (event instanceof TallyEvent.ApprovalCancelled cancelled) {
                    approvals.add(Topics.approvalKey(chain, cancelled.approval().height()) + " "
                            + EventJson.write(EventMessages.approval(chain, cancelled.approval())));
                }
            }
        }
        return new Expected(proposals, approvals);
    }

    static Process launch(String bootstrap, Path toml, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            return new ProcessBuilder(java, "-Xmx256m", "-Dkafka.bootstrap.servers=" + bootstrap,
                    "-Dcutover.network-file=" + toml, "-Dquarkus.http.port=0", "-Dcutover.aggregator.instance-id=crash-test",
                    "-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tempLog() {
        try {
            return Files.createTempFile("aggregator-crash-", ".log");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The aggregator group's committed offset on upgrade.transactions (0 before any commit). */
    private static long committedOffset(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("cutover-vote-aggregator").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(Topics.TRANSACTIONS, 0));
            return committed == null ? 0 : committed.offset();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Waits until the running instance has committed at least one transaction of inputs. */
    private static void awaitCommitBeyond(String bootstrap, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && committedOffset(bootstrap) <= offset) {
            sleep(100);
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
