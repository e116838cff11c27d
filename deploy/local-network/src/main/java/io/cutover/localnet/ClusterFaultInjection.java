package io.cutover.localnet;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cutover.core.events.Topics;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.KafkaBroker;

/**
 * The fault-injection suite on the cluster layout (three Kafka nodes, replication 3 / min.insync 2, two
 * proposal-service instances, an active and a stand-by aggregator). While {@link TransactionStream}
 * sends (failing over between the proposal-service instances) it SIGKILLs the leader of
 * upgrade.transactions, one proposal-service instance and the active aggregator; re-sends an acknowledged
 * transaction to the other instance and copies its record onto the topic again (a client retry after a
 * lost answer, a producer re-send after a lost acknowledgement); restarts a Kafka node with its data
 * directory wiped (it must re-replicate); then has three validators propose and SIGKILLs the leader of
 * upgrade.approvals right after the decisive vote. It counts what the single-node suite counts, and the
 * unavailability window each fault caused.
 */
final class ClusterFaultInjection {

    /** Rounds of the fault sequence before the upgrade: the short plan runs one, the full plan two. */
    record Plan(String name, int rounds, Duration streamInterval) {
        static Plan quick() {
            return new Plan("cluster-short", 1, Duration.ofMillis(2500));
        }

        static Plan full() {
            return new Plan("cluster-full", 2, Duration.ofMillis(2500));
        }
    }

    /** One fault's unavailability: from the first failed or slow client request after it to the first success. */
    record Window(String fault, Duration window, String measuredAs) {
    }

    /** The counts of one run, the windows, and what fell short. */
    record Report(String table, String windows, List<String> problems, List<String> faults) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    private static final Pattern SEED = Pattern.compile("\"seed\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final Pattern TX_HASH = Pattern.compile("\"txHash\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final Pattern APPROVERS = Pattern.compile("\"approvers\"\\s*:\\s*\\[([^\\]]*)\\]");
    private static final Duration SLOW = Duration.ofSeconds(1);
    private static final Duration RECOVERY = Duration.ofSeconds(90);

    private final LocalNetwork network;
    private final Settings settings;
    private final Plan plan;
    private final PrintStream out;
    private final List<String> faults = new ArrayList<>();
    private final List<Window> windows = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int resentAnswer;

    ClusterFaultInjection(LocalNetwork network, Settings settings, Plan plan, PrintStream out) {
        this.network = network;
        this.settings = settings;
        this.plan = plan;
        this.out = out;
    }

    Report run() throws Exception {
        if (!settings.cluster() || settings.proposalServicePorts().size() < 2 || settings.aggregatorPorts().size() < 2) {
            throw new IllegalArgumentException("the cluster fault plan needs the cluster layout (3 Kafka nodes, 2 of each service)");
        }
        network.start();
        String streamer = settings.nodeName(settings.validators() - 1);
        TransactionStream stream = new TransactionStream(signerOf(streamer), Settings.CHAIN_ID, settings.proposalServicePorts(),
                plan.streamInterval());
        try (stream; Admin admin = Admin.create(adminProperties())) {
            awaitAcknowledged(stream, 2);
            for (int round = 1; round <= plan.rounds(); round++) {
                killTransactionsLeader(admin, stream);
                killProposalService(stream, round);
                killActiveAggregator();
                if (round == 1) {
                    sendDuplicates(stream);
                }
                restartWiped(admin, round);
            }
            network.proposeUpgrade();
            killApprovalsLeaderAfterDecisiveVote(admin);
            boolean settled = network.awaitUpgradeSettled();
            awaitAcknowledged(stream, stream.acknowledgedInOrder().size() + 1);
            stream.close();
            return report(stream, settled);
        }
    }

    private void killTransactionsLeader(Admin admin, TransactionStream stream) throws Exception {
        KafkaBroker.Node leader = leaderOf(admin, Topics.TRANSACTIONS);
        Instant at = fault("SIGKILL Kafka node " + leader.id() + ", leader of " + Topics.TRANSACTIONS + ", during steady ingest");
        leader.kill();
        windows.add(clientWindow("leader of " + Topics.TRANSACTIONS + " SIGKILLed", stream, at));
        leader.start();
        out.println("    Kafka node " + leader.id() + " back");
    }

    private void killProposalService(TransactionStream stream, int round) throws Exception {
        String name = Settings.instanceName("proposal-service", (round - 1) % settings.proposalServicePorts().size());
        Instant at = fault("SIGKILL " + name + " while clients send");
        network.processes().kill(name);
        windows.add(clientWindow(name + " SIGKILLed", stream, at));
        network.processes().restart(name);
        network.awaitHealthy(name, network.portOf(name));
    }

    private void killActiveAggregator() throws Exception {
        String active = network.awaitActiveAggregator(RECOVERY)
                .orElseThrow(() -> new IllegalStateException("no vote-aggregator instance is active"));
        Instant at = fault("SIGKILL the active aggregator " + active + " mid-stream");
        network.processes().kill(active);
        Optional<String> next = awaitValue(network::activeAggregator, RECOVERY);
        windows.add(new Window(active + " (active aggregator) SIGKILLed",
                next.isPresent() ? Duration.between(at, Instant.now()) : RECOVERY,
                next.map(n -> "until the stand-by " + n + " reported itself active").orElse("no stand-by took over")));
        network.processes().restart(active);
        network.awaitHealthy(active, network.portOf(active));
        out.println("    active now: " + network.activeAggregator().orElse("none") + "; " + active + " restarted and stands by");
    }

    /**
     * The first acknowledged transaction, sent again to the other instance (a retry after a lost answer)
     * and its record copied onto the topic (a producer re-send after a lost acknowledgement). The streaming
     * validator has voted for later proposals since: counted again, it would move its vote back.
     */
    private void sendDuplicates(TransactionStream stream) throws Exception {
        TransactionStream.Acknowledged first = stream.acknowledgedInOrder().get(0);
        int otherPort = settings.proposalServicePorts().get(1);
        fault("re-send the acknowledged transaction " + first.txHash().substring(0, 12) + "... to proposal-service-2, and its record onto "
                + Topics.TRANSACTIONS + " again");
        resentAnswer = stream.resend(first.tx(), otherPort);
        ConsumerRecord<String, String> record = recordOf(first.txHash());
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", network.bootstrapServers());
        props.setProperty("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.TRANSACTIONS, record.key(), record.value())).get();
        }
    }

    private void restartWiped(Admin admin, int round) throws Exception {
        KafkaBroker.Node node = network.broker().nodes().get(round % network.broker().nodes().size());
        Instant at = fault("Kafka node " + node.id() + " SIGKILLed, its data directory wiped, started again");
        node.kill();
        node.wipe();
        node.start();
        boolean replicated = await(() -> fullyReplicated(admin), RECOVERY);
        windows.add(new Window("Kafka node " + node.id() + " restarted empty", Duration.between(at, Instant.now()),
                replicated ? "until every partition had all 3 replicas in sync again" : "NOT re-replicated within " + RECOVERY.toSeconds() + " s"));
        if (!replicated) {
            throw new IllegalStateException("Kafka node " + node.id() + " did not re-replicate within " + RECOVERY.toSeconds() + " s");
        }
    }

    private void killApprovalsLeaderAfterDecisiveVote(Admin admin) throws Exception {
        KafkaBroker.Node leader = leaderOf(admin, Topics.APPROVALS);
        Instant at = fault("SIGKILL Kafka node " + leader.id() + ", leader of " + Topics.APPROVALS + ", right after the decisive vote");
        leader.kill();
        boolean approved = await(() -> !approved().isEmpty(), RECOVERY);
        windows.add(new Window("leader of " + Topics.APPROVALS + " SIGKILLed", Duration.between(at, Instant.now()),
                approved ? "until the approval was on the topic (read_committed)" : "no approval within " + RECOVERY.toSeconds() + " s"));
        leader.start();
    }

    private Window clientWindow(String fault, TransactionStream stream, Instant at) throws InterruptedException {
        boolean recovered = await(() -> stream.requests().stream().anyMatch(r -> r.acknowledged() && r.started().isAfter(at)), RECOVERY);
        List<TransactionStream.Request> after = stream.requests().stream().filter(r -> !r.started().isBefore(at)).toList();
        Optional<TransactionStream.Request> firstBad = after.stream().filter(r -> !r.acknowledged() || r.took().compareTo(SLOW) > 0).findFirst();
        if (!recovered) {
            return new Window(fault, RECOVERY, "no acknowledged request within " + RECOVERY.toSeconds() + " s");
        }
        if (firstBad.isEmpty()) {
            return new Window(fault, Duration.ZERO, "no failed or slow (> " + SLOW.toMillis() + " ms) request");
        }
        Instant badAt = firstBad.get().started();
        Optional<TransactionStream.Request> firstGood = after.stream()
                .filter(r -> r.acknowledged() && r.took().compareTo(SLOW) <= 0 && !r.started().isBefore(badAt) && r != firstBad.get()).findFirst();
        Instant goodAt = firstGood.map(r -> r.started().plus(r.took()))
                .orElse(firstBad.get().acknowledged() ? firstBad.get().started().plus(firstBad.get().took()) : Instant.now());
        return new Window(fault, Duration.between(badAt, goodAt), "first failed or slow request to the next success ("
                + after.stream().filter(r -> !r.acknowledged()).count() + " failed)");
    }

    private Report report(TransactionStream stream, boolean settled) throws Exception {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> onTopic = transactionCountsOnTopic();
        Set<String> acknowledged = stream.acknowledged();
        long lost = acknowledged.stream().filter(h -> !onTopic.containsKey(h)).count();
        long invalidOnTopic = stream.invalidSent().stream().filter(onTopic::containsKey).count();
        long duplicatedOnTopic = onTopic.values().stream().filter(n -> n > 1).count();
        List<Approval> approvals = approved();
        long distinct = approvals.stream().map(Approval::getProposalId).distinct().count();
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        int atHeight = 0;
        for (int i = 0; i < settings.validators(); i++) {
            RolloutStatus s = latest.getOrDefault(settings.nodeName(i), RolloutStatus.getDefaultInstance());
            if (s.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING && s.getRunningRelease().equals(Settings.NEW_RELEASE)
                    && s.getHaltedAtHeight() == network.upgradeHeight()) {
                atHeight++;
            }
        }
        TransactionStream.Acknowledged first = stream.acknowledgedInOrder().get(0);
        TransactionStream.Acknowledged last = stream.acknowledgedInOrder().get(stream.acknowledgedInOrder().size() - 1);
        int firstApprovers = approvers(first.proposalId());
        int lastApprovers = approvers(last.proposalId());

        if (lost > 0) {
            problems.add(lost + " acknowledged transactions are not on " + Topics.TRANSACTIONS);
        }
        if (invalidOnTopic > 0 || !stream.invalidAccepted().isEmpty()) {
            problems.add(invalidOnTopic + " invalid transactions reached " + Topics.TRANSACTIONS);
        }
        if (distinct != 1 || approvals.size() != 1) {
            problems.add("expected the approval published exactly once, found " + approvals.size() + " (" + distinct + " distinct)");
        }
        if (atHeight != settings.validators()) {
            problems.add(atHeight + " of " + settings.validators() + " nodes run " + Settings.NEW_RELEASE + " halted at exactly "
                    + network.upgradeHeight() + (settled ? "" : " (not settled within " + settings.timeout().toSeconds() + " s)"));
        }
        if (firstApprovers != 0 || lastApprovers != 1) {
            problems.add("the re-sent transaction was counted again: " + first.proposalId() + " shows " + firstApprovers
                    + " approver(s) (expected 0, the vote moved on), " + last.proposalId() + " shows " + lastApprovers + " (expected 1)");
        }
        if (stream.validRefused() > 0) {
            problems.add(stream.validRefused() + " valid stream transactions were refused (not 503)");
        }

        StringBuilder table = new StringBuilder();
        row(table, "plan", plan.name() + " (3 Kafka nodes, RF 3 / min.insync 2; 2 proposal-service; active + stand-by aggregator)");
        row(table, "transactions acknowledged", acknowledged.size());
        row(table, "acknowledged found on the topic (lost)", (acknowledged.size() - lost) + " (" + lost + ")");
        row(table, "invalid sent / reached the topic", stream.invalidSent().size() + " / " + invalidOnTopic);
        row(table, "requests failed over or unanswered", stream.unanswered());
        row(table, "re-sent to the other instance: its answer", resentAnswer + (resentAnswer == 409 ? " (already recorded)" : ""));
        row(table, "transactions twice on the topic / counted twice", duplicatedOnTopic + " / " + (firstApprovers == 0 ? 0 : 1));
        row(table, "approvals expected / published", "1 / " + approvals.size());
        row(table, "nodes at exactly the height / expected", atHeight + " / " + settings.validators() + " (height " + network.upgradeHeight() + ")");
        row(table, "faults injected", faults.size());
        StringBuilder windowTable = new StringBuilder("| fault | unavailability | measured as |\n|---|---|---|\n");
        for (Window w : windows) {
            windowTable.append(String.format("| %s | %.1f s | %s |%n", w.fault(), w.window().toMillis() / 1000.0, w.measuredAs()));
        }
        return new Report(table.toString(), windowTable.toString(), List.copyOf(problems), List.copyOf(faults));
    }

    private int approvers(String proposalId) throws Exception {
        String active = network.awaitActiveAggregator(RECOVERY).orElseThrow(() -> new IllegalStateException("no active aggregator"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + network.portOf(active)
                + "/api/v1/proposals/" + proposalId)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = APPROVERS.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("GET /api/v1/proposals/" + proposalId + " answered " + response.statusCode() + ": " + response.body());
        }
        return m.group(1).isBlank() ? 0 : m.group(1).split(",").length;
    }

    private KafkaBroker.Node leaderOf(Admin admin, String topic) throws Exception {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        int leader = description.partitions().get(0).leader().id();
        return network.broker().node(leader);
    }

    private boolean fullyReplicated(Admin admin) {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(
                    List.of(Topics.TRANSACTIONS, Topics.PROPOSALS, Topics.APPROVALS, Topics.ROLLOUT_STATUS, "upgrade.tally-journal",
                            "upgrade.tally-snapshots"))
                    .allTopicNames().get();
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    if (partition.isr().size() < partition.replicas().size()) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    private List<Approval> approved() {
        return network.observer().approvals().stream().filter(a -> a.getStatus() == ApprovalStatus.APPROVAL_STATUS_APPROVED).toList();
    }

    /** How often each transaction hash is on upgrade.transactions. */
    private Map<String, Integer> transactionCountsOnTopic() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        forEachTransactionRecord(r -> {
            Matcher m = TX_HASH.matcher(r.value());
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        });
        return counts;
    }

    private ConsumerRecord<String, String> recordOf(String txHash) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        forEachTransactionRecord(r -> {
            if (found.isEmpty() && r.value().contains(txHash)) {
                found.add(r);
            }
        });
        if (found.isEmpty()) {
            throw new IllegalStateException("acknowledged transaction " + txHash + " is not on " + Topics.TRANSACTIONS);
        }
        return found.get(0);
    }

    private void forEachTransactionRecord(java.util.function.Consumer<ConsumerRecord<String, String>> action) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", network.bootstrapServers());
        props.setProperty("enable.auto.commit", "false");
        props.setProperty("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(Topics.TRANSACTIONS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(action);
            }
        }
    }

    private Properties adminProperties() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", network.bootstrapServers());
        props.setProperty("request.timeout.ms", "5000");
        props.setProperty("default.api.timeout.ms", "10000");
        return props;
    }

    private void awaitAcknowledged(TransactionStream stream, int count) throws InterruptedException {
        if (!await(() -> stream.acknowledgedInOrder().size() >= count, RECOVERY)) {
            throw new IllegalStateException("the transaction stream got fewer than " + count + " acknowledgements within "
                    + RECOVERY.toSeconds() + " s");
        }
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static <T> Optional<T> awaitValue(java.util.function.Supplier<Optional<T>> value, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> v = value.get();
            if (v.isPresent()) {
                return v;
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    private TransactionSigner signerOf(String node) throws Exception {
        Matcher m = SEED.matcher(Files.readString(network.runFolder().keys().resolve(node + ".key")));
        if (!m.find()) {
            throw new IllegalStateException("no seed in the key file of " + node);
        }
        return new TransactionSigner(HexFormat.of().parseHex(m.group(1)));
    }

    private Instant fault(String what) {
        faults.add(what);
        out.println("  !! " + what);
        return Instant.now();
    }

    private static void row(StringBuilder table, String name, Object value) {
        table.append(String.format("| %-48s | %s |%n", name, value));
    }
}
