package io.cutover.aggregator.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.events.EventJson;
import io.cutover.proto.v1.AcceptedTransaction;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.testing.FreshBroker;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.KafkaBrokerExtension;

/**
 * Two packaged aggregators in one consumer group: one works, the other stands by (its
 * {@code cutover_aggregator_active} is 0, its health says {@code stand-by}, it publishes nothing).
 * The working one is SIGKILLed while votes stream in; the stand-by takes over once the dead one's
 * session expires, and a read_committed reader sees exactly the records of an uninterrupted run.
 * Both POST alerts to one webhook receiver: only the active instance sends; an alert recorded DELIVERED before
 * the kill never arrives again, and every approved upgrade's alert arrives (one caught in flight by the kill
 * may arrive twice, under the same idempotency key).
 */
@FreshBroker
@ExtendWith(KafkaBrokerExtension.class)
class StandbyTakeoverIT {

    private static final int PROPOSALS = 75;
    private static final String SESSION_TIMEOUT = "6s";
    private static final Path LOGS = Path.of("target/standby-takeover").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();
    private WebhookReceiver webhook;

    @Test
    void theStandByTakesOverWhenTheActiveInstanceDies(KafkaBroker broker) throws Exception {
        TestNetwork network = new TestNetwork(10, 10, 10, 10);
        Path toml = network.writeToml();
        List<AcceptedTransaction> votes = PackagedAggregator.script(network, PROPOSALS);
        PackagedAggregator.Output expected = PackagedAggregator.expected(network.toml(), votes);
        Files.createDirectories(LOGS);

        webhook = WebhookReceiver.answering(200);
        try (KafkaProducer<String, String> producer = TestNetwork.producer(broker.bootstrapServers())) {
            String bootstrap = broker.bootstrapServers();
            AggregatorInstance a = start(bootstrap, toml, "standby-a");
            AggregatorInstance b = start(bootstrap, toml, "standby-b");

            // one of the two takes the work, the other stands by
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                    a.metric("cutover_aggregator_active").isPresent() && b.metric("cutover_aggregator_active").isPresent()
                            && a.metric("cutover_aggregator_active").get() + b.metric("cutover_aggregator_active").get() == 1);
            AggregatorInstance active = a.metric("cutover_aggregator_active").orElseThrow() == 1 ? a : b;
            AggregatorInstance standby = active == a ? b : a;

            // a first part of the votes: only the active instance consumes and publishes
            int firstPart = votes.size() / 3;
            for (AcceptedTransaction vote : votes.subList(0, firstPart)) {
                TestNetwork.send(producer, vote);
            }
            PackagedAggregator.awaitCommitBeyond(bootstrap, firstPart - 1, Duration.ofSeconds(30));
            assertThat(PackagedAggregator.committedOffset(bootstrap)).isEqualTo(firstPart);
            assertThat(active.metric("cutover_aggregator_active")).contains(1.0);
            // the counters move just after each commit
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(active.metric("cutover_proposal_events_published_total")).hasValueSatisfying(v -> assertThat(v).isPositive());
                assertThat(active.metric("cutover_approvals_published_total{status=\"approved\"}"))
                        .hasValueSatisfying(v -> assertThat(v).isPositive());
            });
            assertThat(standby.metric("cutover_aggregator_active")).contains(0.0);
            assertThat(standby.metric("cutover_proposal_events_published_total")).contains(0.0);
            assertThat(standby.metric("cutover_approvals_published_total{status=\"approved\"}")).contains(0.0);
            assertThat(active.get("/q/health/ready").replaceAll("\\s", "")).contains("\"role\":\"active\"");
            assertThat(standby.get("/q/health/ready").replaceAll("\\s", "")).contains("\"role\":\"stand-by\"");

            Set<String> deliveredAtKill;
            // the rest streams in; the active instance dies with SIGKILL once it committed some of it
            Thread streamer = new Thread(() -> votes.subList(firstPart, votes.size()).forEach(vote -> {
                TestNetwork.send(producer, vote);
                PackagedAggregator.sleep(40);
            }), "votes");
            streamer.start();
            try {
                PackagedAggregator.awaitCommitBeyond(bootstrap, firstPart + 20, Duration.ofSeconds(30));
                PackagedAggregator.kill(active.process());
                long killedAt = System.nanoTime();
                deliveredAtKill = delivered(bootstrap);
                long committedAtKill = PackagedAggregator.committedOffset(bootstrap);
                assertThat(committedAtKill).as("killed mid-stream").isGreaterThan(firstPart).isLessThan(votes.size());

                Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100))
                        .until(() -> standby.metric("cutover_aggregator_active").orElse(0.0) == 1);
                System.out.printf("StandbyTakeoverIT: %s took over %d ms after %s was killed (session timeout %s)%n",
                        standby.name(), (System.nanoTime() - killedAt) / 1_000_000, active.name(), SESSION_TIMEOUT);
                assertThat(standby.get("/q/health/ready").replaceAll("\\s", "")).contains("\"role\":\"active\"");
            } finally {
                streamer.join();
            }

            PackagedAggregator.Output actual = PackagedAggregator.committedOutput(bootstrap, Duration.ofSeconds(60));
            assertThat(PackagedAggregator.committedOffset(bootstrap)).isEqualTo(votes.size());
            assertThat(standby.metric("cutover_approvals_published_total{status=\"approved\"}"))
                    .as("the survivor published the approvals after the takeover").hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(approvedOncePerProposal(actual.approvals())).as("every approved proposal's and recovery's approval exactly once")
                    .hasSize(PROPOSALS + PackagedAggregator.recovered(PROPOSALS)).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(actual.approvals()).isEqualTo(expected.approvals());
            assertThat(actual.proposals()).isEqualTo(expected.proposals());

            // every upgrade still approved at the end has its alert; one delivered before the kill never came again
            List<String> approvedAtEnd = approvedIds(standby.get("/api/v1/proposals?status=approved"));
            assertThat(approvedAtEnd).hasSizeGreaterThan(PROPOSALS / 2);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(receivedKeys().keySet()).containsAll(approvedAtEnd.stream().map(id -> TestNetwork.CHAIN + "/" + id + "/approved").toList()));
            Map<String, Long> received = receivedKeys();
            assertThat(deliveredAtKill).as("alerts were delivered before the kill").isNotEmpty();
            assertThat(received).allSatisfy((key, count) -> assertThat(count).as(key).isBetween(1L, deliveredAtKill.contains(key) ? 1L : 2L));
            System.out.printf("StandbyTakeoverIT: %d alerts received, %d delivered before the kill, %d caught in flight and sent again%n",
                    received.size(), deliveredAtKill.size(), received.values().stream().filter(c -> c > 1).count());
        }
    }

    private Map<String, Long> receivedKeys() {
        return webhook.received().stream().collect(Collectors.groupingBy(WebhookReceiver.Received::idempotencyKey, Collectors.counting()));
    }

    /** The keys the alert log holds as DELIVERED. */
    private static Set<String> delivered(String bootstrap) {
        Properties connection = new Properties();
        connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (AlertLog log = new AlertLog(connection, "upgrade.alerts")) {
            return log.readAll().entrySet().stream().filter(e -> e.getValue().state() == AlertLog.State.DELIVERED).map(Map.Entry::getKey)
                    .collect(Collectors.toSet());
        }
    }

    /** The approved upgrades' ids (recoveries, whose ids hold a slash, raise no alert of their own). */
    private static List<String> approvedIds(String json) {
        List<String> ids = new ArrayList<>();
        AlertJson.parse(json).path("proposals").forEach(p -> ids.add(p.path("proposalId").asText()));
        ids.removeIf(id -> id.contains("/"));
        return ids;
    }

    @AfterEach
    void stopAll() {
        processes.forEach(PackagedAggregator::kill);
        if (webhook != null) {
            webhook.close();
        }
    }

    private AggregatorInstance start(String bootstrap, Path toml, String instanceId) throws IOException {
        Files.deleteIfExists(LOGS.resolve(instanceId + ".log"));
        int port = KafkaBroker.freePort();
        Process process = PackagedAggregator.launch(bootstrap, toml, LOGS.resolve(instanceId + ".log"),
                "-Dquarkus.http.port=" + port, "-Dcutover.aggregator.instance-id=" + instanceId,
                "-Dcutover.aggregator.session-timeout=" + SESSION_TIMEOUT, "-Dcutover.alerts.webhooks=" + webhook.uri(),
                "-Dcutover.alerts.check-interval=200ms");
        processes.add(process);
        return new AggregatorInstance(instanceId, port, process);
    }

    /** Number of APPROVED records per proposal id. */
    private static Map<String, Long> approvedOncePerProposal(List<String> approvalLines) {
        return approvalLines.stream().map(line -> approval(line.substring(line.indexOf(' ') + 1)))
                .filter(a -> a.getStatus() == ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .collect(Collectors.groupingBy(Approval::getProposalId, Collectors.counting()));
    }

    private static Approval approval(String json) {
        try {
            return EventJson.read(json, Approval.newBuilder());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
