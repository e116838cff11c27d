package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.testing.TestFiles;

/**
 * What the process-level tests of the aggregator share: launching the packaged service
 * (target/quarkus-app) as a child process, the vote script, the output of an uninterrupted run,
 * the group's committed offset, and the read_committed output of the broker.
 */
final class PackagedAggregator {

    static final String GROUP = "cutover-vote-aggregator";

    private PackagedAggregator() {
    }

    /**
     * The packaged aggregator on {@code bootstrap}, its output appended to {@code log}; {@code extra} are -D properties.
     * A test's aggregator lives seconds and is restarted often, so it runs on the C1 compiler alone.
     */
    static Process launch(String bootstrap, Path toml, Path log, String... extra) {
        return launch(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), bootstrap, toml, log, extra);
    }

    /** As {@link #launch(String, Path, Path, String...)}, with the JVM's own defaults (what a benchmark measures). */
    static Process launchWithDefaultJvm(String bootstrap, Path toml, Path log, String... extra) {
        return launch(List.of(), bootstrap, toml, log, extra);
    }

    private static Process launch(List<String> jvmOptions, String bootstrap, Path toml, Path log, String... extra) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dkafka.bootstrap.servers=" + bootstrap,
                "-Dcutover.network-file=" + toml, "-Dquarkus.http.port=0", "-Dcutover.aggregator.instance-id=crash-test"));
        command.addAll(List.of(extra)); // a later -D of the same property wins
        command.addAll(List.of("-jar", Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    static void kill(Process process) {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    static Path tempLog(String prefix) {
        return TestFiles.file(prefix, ".log");
    }

    /**
     * Per proposal: three approvals (approved); every third one then cancelled by three rejections; every
     * tenth one (from the second) then recovered: three hot-fix votes (approved).
     */
    static List<AcceptedTransaction> script(TestNetwork network, int proposals) {
        List<AcceptedTransaction> votes = new ArrayList<>();
        for (int i = 0; i < proposals; i++) {
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
            if (i % 10 == 1) {
                String id = tag + "@" + height;
                votes.add(network.hotFix(1, id, "v1." + (i + 1) + ".1"));
                votes.add(network.hotFix(2, id, "v1." + (i + 1) + ".1"));
                votes.add(network.hotFix(3, id, "v1." + (i + 1) + ".1"));
            }
        }
        return votes;
    }

    /** How many upgrades {@link #script} recovers with a hot-fix (every tenth from the second). */
    static int recovered(int proposals) {
        return (proposals + 8) / 10;
    }

    /** Records as "key value" lines, in topic order. */
    record Output(List<String> proposals, List<String> approvals) {
    }

    /** The uninterrupted run: the same inputs through the same code, in one go. */
    static Output expected(String toml, List<AcceptedTransaction> votes) {
        return expected(TestNetwork.CHAIN, toml, votes);
    }

    /** As {@link #expected(String, List)} for the network of {@code chain}. */
    static Output expected(String chain, String toml, List<AcceptedTransaction> votes) {
        AppliedInputs state = new AppliedInputs(Duration.ofSeconds(60));
        state.apply(JournalSource.NETWORK, toml, 0);
        List<String> proposals = new ArrayList<>();
        List<String> approvals = new ArrayList<>();
        for (AcceptedTransaction vote : votes) {
            for (TallyEvent event : state.apply(JournalSource.TRANSACTION, EventJson.write(vote), 0).events()) {
                if (event instanceof TallyEvent.ProposalChanged changed) {
                    proposals.add(Topics.proposalKey(chain, changed.proposal().proposalId()) + " "
                            + EventJson.write(EventMessages.proposal(chain, changed.proposal())));
                } else if (event instanceof TallyEvent.ApprovalIssued issued) {
                    approvals.add(Topics.approvalKey(chain, issued.approval().height()) + " "
                            + EventJson.write(EventMessages.approval(chain, issued.approval())));
                } else if (event instanceof TallyEvent.RecoveryChanged changed) {
                    proposals.add(Topics.proposalKey(chain, changed.recovery().recoveryId()) + " "
                            + EventJson.write(EventMessages.recovery(chain, changed.recovery())));
                } else if (event instanceof TallyEvent.RecoveryApproved approved) {
                    approvals.add(Topics.approvalKey(chain, approved.approval().height()) + " "
                            + EventJson.write(EventMessages.recoveryApproval(chain, approved.recovery(), approved.approval())));
                } else if (event instanceof TallyEvent.ApprovalCancelled cancelled) {
                    approvals.add(Topics.approvalKey(chain, cancelled.approval().height()) + " "
                            + EventJson.write(EventMessages.approval(chain, cancelled.approval())));
                }
            }
        }
        return new Output(proposals, approvals);
    }

    /**
     * What a read_committed reader sees on upgrade.proposals and upgrade.approvals once the running instance
     * has committed every input sent (within {@code timeout}): the events of an input commit with its offset,
     * so reading both topics to their end then shows every record there is, a repeated one too.
     */
    static Output committedOutput(String bootstrap, Duration timeout) {
        return committedOutput(bootstrap, GROUP, timeout);
    }

    /** As {@link #committedOutput(String, Duration)}, once the consumer group {@code group} has committed every input. */
    static Output committedOutput(String bootstrap, String group, Duration timeout) {
        long inputs = inputEnd(bootstrap);
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(committedOffset(bootstrap, group))
                .as("the aggregator group's committed offset on %s (every input sent: %d)", Topics.TRANSACTIONS, inputs)
                .isGreaterThanOrEqualTo(inputs));
        try (KafkaConsumer<String, String> proposals = TestNetwork.committedReader(bootstrap, Topics.PROPOSALS);
                KafkaConsumer<String, String> approvals = TestNetwork.committedReader(bootstrap, Topics.APPROVALS)) {
            return new Output(TestNetwork.drainToEnd(proposals, new ArrayList<>()).stream().map(r -> r.key() + " " + r.value()).toList(),
                    TestNetwork.drainToEnd(approvals, new ArrayList<>()).stream().map(r -> r.key() + " " + r.value()).toList());
        }
    }

    /** The end offset of upgrade.transactions: one past the last input sent. */
    private static long inputEnd(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicPartition inputs = new TopicPartition(Topics.TRANSACTIONS, 0);
            return admin.listOffsets(Map.of(inputs, OffsetSpec.latest())).partitionResult(inputs).get(10, TimeUnit.SECONDS).offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offset of " + Topics.TRANSACTIONS, e);
        }
    }

    /** The aggregator group's committed offset on upgrade.transactions (0 before any commit). */
    static long committedOffset(String bootstrap) {
        return committedOffset(bootstrap, GROUP);
    }

    /** The consumer group {@code group}'s committed offset on upgrade.transactions (0 before any commit). */
    static long committedOffset(String bootstrap, String group) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(new TopicPartition(Topics.TRANSACTIONS, 0));
            return committed == null ? 0 : committed.offset();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Waits until the running instance has committed inputs beyond {@code offset}. */
    static void awaitCommitBeyond(String bootstrap, long offset, Duration timeout) {
        awaitCommitBeyond(bootstrap, GROUP, offset, timeout);
    }

    /** Waits until the consumer group {@code group} has committed inputs beyond {@code offset}. */
    static void awaitCommitBeyond(String bootstrap, String group, long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && committedOffset(bootstrap, group) <= offset) {
            sleep(100);
        }
    }

    static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
