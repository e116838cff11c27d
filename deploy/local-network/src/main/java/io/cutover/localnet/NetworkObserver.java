package io.cutover.localnet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.google.protobuf.InvalidProtocolBufferException;

import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * Follows the network on its Kafka topics (read_committed, from the beginning): every proposal
 * event, every approval and each node's rollout reports. What it sees is handed to a listener as
 * it happens and kept for the run's checks and summary.
 */
final class NetworkObserver implements AutoCloseable {

    interface Listener {
        void proposal(Proposal proposal);

        void approval(Approval approval);

        void phaseChanged(RolloutStatus status, RolloutPhase previous);
    }

    private final KafkaConsumer<String, String> consumer;
    private final Listener listener;
    private final Thread thread;
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<Approval> approvals = new ArrayList<>();
    private final Map<String, RolloutStatus> latestByNode = new LinkedHashMap<>();
    private final Map<String, List<RolloutPhase>> phasesByNode = new LinkedHashMap<>();
    private final Map<String, Map<RolloutPhase, Instant>> phaseEnteredByNode = new LinkedHashMap<>();
    private final Map<String, java.util.Set<String>> errorsByNode = new LinkedHashMap<>();
    private volatile boolean running = true;

    /** @param connection the Kafka client settings (bootstrap servers, and the ops login on a secured broker) */
    NetworkObserver(Map<String, String> connection, Listener listener) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "cutover-ops-local-network-" + ProcessHandle.current().pid());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.listener = listener;
        consumer.subscribe(List.of(Topics.PROPOSALS, Topics.APPROVALS, Topics.ROLLOUT_STATUS));
        this.thread = new Thread(this::poll, "network-observer");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    handle(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            switch (record.topic()) {
                case Topics.PROPOSALS -> {
                    Proposal proposal = EventJson.read(record.value(), Proposal.newBuilder());
                    synchronized (this) {
                        proposals.add(proposal);
                        notifyAll();
                    }
                    listener.proposal(proposal);
                }
                case Topics.APPROVALS -> {
                    Approval approval = EventJson.read(record.value(), Approval.newBuilder());
                    synchronized (this) {
                        approvals.add(approval);
                        notifyAll();
                    }
                    listener.approval(approval);
                }
                case Topics.ROLLOUT_STATUS -> rolloutStatus(EventJson.read(record.value(), RolloutStatus.newBuilder()));
                default -> {
                }
            }
        } catch (InvalidProtocolBufferException e) {
            System.err.println("ignoring a record on " + record.topic() + " that is not valid JSON of its message: " + e.getMessage());
        }
    }

    private void rolloutStatus(RolloutStatus status) {
        RolloutStatus previous;
        synchronized (this) {
            previous = latestByNode.put(status.getNode(), status);
            List<RolloutPhase> phases = phasesByNode.computeIfAbsent(status.getNode(), n -> new ArrayList<>());
            if (phases.isEmpty() || phases.get(phases.size() - 1) != status.getPhase()) {
                phases.add(status.getPhase());
            }
            phaseEnteredByNode.computeIfAbsent(status.getNode(), n -> new java.util.EnumMap<>(RolloutPhase.class))
                    .put(status.getPhase(), Instant.ofEpochSecond(status.getPhaseSince().getSeconds(), status.getPhaseSince().getNanos()));
            if (!status.getLastError().isEmpty()) {
                errorsByNode.computeIfAbsent(status.getNode(), n -> new java.util.LinkedHashSet<>()).add(status.getLastError());
            }
            notifyAll();
        }
        if (previous == null || previous.getPhase() != status.getPhase()
                || !previous.getRunningRelease().equals(status.getRunningRelease())) {
            listener.phaseChanged(status, previous == null ? RolloutPhase.ROLLOUT_PHASE_UNSPECIFIED : previous.getPhase());
        }
    }

    synchronized List<Proposal> proposals() {
        return List.copyOf(proposals);
    }

    synchronized List<Approval> approvals() {
        return List.copyOf(approvals);
    }

    synchronized Map<String, RolloutStatus> latestByNode() {
        return Map.copyOf(latestByNode);
    }

    synchronized Map<String, List<RolloutPhase>> phasesByNode() {
        Map<String, List<RolloutPhase>> copy = new LinkedHashMap<>();
        phasesByNode.forEach((node, phases) -> copy.put(node, List.copyOf(phases)));
        return copy;
    }

    /** When each node last entered each phase it reported (its agent's phase_since of that phase's latest stint). */
    synchronized Map<String, Map<RolloutPhase, Instant>> phaseEnteredByNode() {
        Map<String, Map<RolloutPhase, Instant>> copy = new LinkedHashMap<>();
        phaseEnteredByNode.forEach((node, entered) -> copy.put(node, Map.copyOf(entered)));
        return copy;
    }

    /** Every distinct last_error each node reported, in order. */
    synchronized Map<String, List<String>> errorsByNode() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errorsByNode.forEach((node, errors) -> copy.put(node, List.copyOf(errors)));
        return copy;
    }

    /** Waits until the condition holds on what was observed; false on timeout. */
    synchronized boolean await(Predicate<NetworkObserver> condition, Duration timeout, Consumer<Duration> onTick)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Instant nextTick = Instant.now().plusSeconds(10);
        while (!condition.test(this)) {
            Instant now = Instant.now();
            if (now.isAfter(deadline)) {
                return false;
            }
            if (now.isAfter(nextTick)) {
                onTick.accept(Duration.between(now, deadline));
                nextTick = now.plusSeconds(10);
            }
            wait(250);
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
