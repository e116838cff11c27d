package io.cutover.aggregator.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.network.ServedNetwork;
import io.cutover.aggregator.domain.UpgradeProgress;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.tally.ProposalRecord;
import io.cutover.core.tally.TallyEvent;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import io.cutover.proto.v1.RolloutStatus;

/**
 * Consume-transform-produce in Kafka transactions: each poll's inputs, their copy in the journal,
 * the events they cause and the consumer offsets commit together or not at all; every so often the
 * transaction also carries a snapshot of the state (see {@link SnapshotWriter}). On becoming the
 * active instance it fences the previous one (same transactional.id), reads the newest snapshot and
 * replays the journal after it, and resumes from the committed offsets, so a crash at any moment
 * neither loses nor repeats an event.
 *
 * <p>One loop per network served ({@link TallyLoops}), on its own thread, with its own consumer group, transactional id,
 * journal and snapshot key ({@link ServedNetwork#own}): networks share nothing but the process, and a loop that fails
 * rebuilds itself without touching the others. The input topics are shared: a loop applies only the records whose key is
 * its chain's.
 */
public class TallyLoop {

    private static final Logger LOG = Logger.getLogger(TallyLoop.class);

    private final AggregatorConfig config;
    private final KafkaConnection kafka;
    private final ServedNetwork served;
    private final ProposalBoard board;
    private final AggregatorMetrics metrics;
    private final AggregatorMetrics.Network networkMetrics;
    private final Path networkFile;
    private final String groupId;
    private final String transactionalId;
    private final String journalTopic;
    private final NetworkPublisher network;
    private final NodeHeightPoller nodeHeight;
    private final OwnTopics ownTopics;
    private final String clientId = "cutover-vote-aggregator-" + UUID.randomUUID();

    private volatile boolean running;
    private volatile boolean active;
    private volatile Instant lastPoll = Instant.EPOCH;
    private Thread thread;
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, byte[]> producer;
    private final SnapshotWriter snapshots;
    private AppliedInputs state;
    private Set<TopicPartition> assigned = Set.of();
    private Instant nextNetworkCheck = Instant.EPOCH;

    TallyLoop(AggregatorConfig config, KafkaConnection kafka, ServedNetwork served, AggregatorMetrics metrics,
            NetworkPublisher network, NodeHeightPoller nodeHeight, OwnTopics ownTopics) {
        this.config = config;
        this.ownTopics = ownTopics;
        this.nodeHeight = nodeHeight;
        this.kafka = kafka;
        this.served = served;
        this.board = served.board();
        this.metrics = metrics;
        this.networkMetrics = metrics.network(served);
        this.network = network;
        this.networkFile = served.file();
        AggregatorConfig.Aggregator settings = config.aggregator();
        this.groupId = served.own(settings.groupId());
        this.transactionalId = served.own(settings.transactionalId());
        this.journalTopic = served.own(settings.journalTopic());
        this.snapshots = new SnapshotWriter(settings.snapshotTopic(), transactionalId, journalTopic,
                settings.snapshotEveryInputs(), settings.snapshotInterval());
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "tally-loop-" + served.chainId());
        thread.start();
    }

    /** Asks the loop to stop (it writes a snapshot first when active). */
    void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    void awaitStop() throws InterruptedException {
        if (thread != null) {
            thread.join(30_000);
        }
    }

    /** The chain this loop tallies. */
    public String chainId() {
        return served.chainId();
    }

    /** True while this instance holds the inputs and publishes; false while it stands by. */
    public boolean isActive() {
        return active;
    }

    /** When the loop last heard from Kafka. */
    public Instant lastPoll() {
        return lastPoll;
    }

    private void run() {
        while (running && !ownTopics.ensure(kafka.properties(), journalTopic)) {
            pause(Duration.ofSeconds(5));
        }
        if (!running) {
            return;
        }
        OneOwnerAssignor.register(clientId, () -> active);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            consumer.subscribe(List.of(Topics.TRANSACTIONS, Topics.ROLLOUT_STATUS), new Rebalance());
            while (running) {
                try {
                    if (!active && !assigned.isEmpty()) {
                        activate();
                    }
                    ConsumerRecords<String, String> records = consumer.poll(config.aggregator().pollTimeout());
                    lastPoll = Instant.now();
                    if (active) {
                        process(records, networkChange(), nodeHeightChange());
                        networkMetrics.lag(lag());
                    }
                } catch (WakeupException e) {
                    // shutting down
                } catch (ProducerFencedException | InvalidProducerEpochException e) {
                    LOG.warnf("%s: another aggregator instance took over (%s); standing by", served.chainId(), e.getMessage());
                    deactivate();
                    consumer.enforceRebalance();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "%s: processing failed; rebuilding from the journal and the committed offsets", served.chainId());
                    deactivate();
                    pause(Duration.ofSeconds(1));
                }
            }
            if (active) {
                snapshotBeforeStopping(); // only after a normal end: no transaction is open
            }
        } finally {
            deactivate();
            OneOwnerAssignor.unregister(clientId);
        }
    }

    private void activate() {
        // the partitions the consumer holds now: a rebalance (a broker or the coordinator gone) may have taken some
        assigned = Set.copyOf(consumer.assignment());
        if (assigned.isEmpty()) {
            return;
        }
        Properties props = kafka.properties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(OwnTopics.MAX_SNAPSHOT_BYTES));
        props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, String.valueOf(config.aggregator().retryBackoff().toMillis()));
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions(); // fences the previous instance and aborts its open transaction
        AggregatorConfig.Aggregator settings = config.aggregator();
        JournalReplay.Rebuilt rebuilt = JournalReplay.rebuild(kafka, journalTopic, settings.snapshotTopic(),
                transactionalId, config.height().maxReportAge(), nodeHeight.heightFromAgents());
        state = rebuilt.state();
        snapshots.activated(kafka.properties(), rebuilt.nextJournalOffset(), rebuilt.replayed());
        Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(assigned); // one request for all
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata committed = offsets.get(partition);
            if (committed == null) {
                consumer.seekToBeginning(Set.of(partition));
            } else {
                consumer.seek(partition, committed);
            }
        }
        board.reset(state.aggregation().map(a -> java.util.stream.Stream.concat(
                a.tally().proposals().stream().map(p -> EventMessages.proposal(a.network().chainId(), p)),
                a.tally().recoveries().stream().map(r -> EventMessages.recovery(a.network().chainId(), r))).toList()).orElse(List.of()),
                state.agents());
        network.publish(state, served.view());
        active = true;
        networkMetrics.active(true);
        nextNetworkCheck = Instant.EPOCH;
        LOG.infof("%s: active: processing %s", served.chainId(), assigned);
        process(ConsumerRecords.empty(), networkChange(), nodeHeightChange());
    }

    private void deactivate() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (KafkaException e) {
                LOG.debugf("closing the producer: %s", e.getMessage());
            }
        }
        producer = null;
        state = null;
        snapshots.deactivated();
        if (active) {
            LOG.infof("%s: standing by", served.chainId());
        }
        active = false;
        networkMetrics.active(false);
    }

    private void process(ConsumerRecords<String, String> records, Optional<String> networkToml, OptionalLong observedHeight) {
        if (records.isEmpty() && networkToml.isEmpty() && observedHeight.isEmpty()) {
            return;
        }
        Batch batch = new Batch();
        producer.beginTransaction();
        if (snapshots.due()) {
            snapshots.write(producer, state); // the state before this transaction's inputs: what the journal holds so far
        }
        networkToml.ifPresent(toml -> batch.apply(JournalSource.NETWORK, null, toml, System.currentTimeMillis(), 0));
        if (state.aggregation().isEmpty()) {
            producer.abortTransaction();
            throw new IllegalStateException("no valid network.toml has been applied yet; not consuming any input");
        }
        observedHeight.ifPresent(height ->
                batch.apply(JournalSource.NODE_HEIGHT, null, Long.toString(height), System.currentTimeMillis(), 0));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            if (served.owns(record.key())) { // another network's record: only its offset moves
                JournalSource.ofTopic(record.topic()).ifPresent(source ->
                        batch.apply(source, record.key(), record.value(), record.timestamp(), record.timestamp()));
            }
            offsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        }
        producer.commitTransaction();
        snapshots.committed();
        batch.published();
    }

    /** A clean shutdown: a snapshot of everything applied, so that the next start replays nothing. */
    private void snapshotBeforeStopping() {
        if (!snapshots.behind()) {
            return;
        }
        try {
            producer.beginTransaction();
            snapshots.write(producer, state);
            producer.commitTransaction();
            snapshots.committed();
            LOG.info("wrote a snapshot before stopping");
        } catch (KafkaException | IllegalStateException e) {
            LOG.warnf("no snapshot before stopping (%s); the next start replays the journal since the last one", e.getMessage());
        }
    }

    /** One transaction's worth of inputs: journals each, applies it, sends what it caused. */
    private final class Batch {
        private final List<Proposal> proposals = new ArrayList<>();
        private final List<RolloutStatus> reports = new ArrayList<>();
        private final List<Long> inputTimes = new ArrayList<>();
        private final List<Long> approvingInputTimes = new ArrayList<>();
        private long approvals;
        private long cancellations;

        void apply(JournalSource source, String key, String value, long timestamp, long inputTime) {
            ProducerRecord<String, byte[]> entry = new ProducerRecord<>(journalTopic, null, timestamp, key, utf8(value));
            entry.headers().add(JournalSource.HEADER, source.header());
            snapshots.journaled(producer.send(entry));
            AppliedInputs.Outcome outcome = state.apply(source, value, timestamp);
            outcome.report().ifPresent(reports::add);
            String chain = state.aggregation().map(a -> a.network().chainId()).orElse("");
            for (TallyEvent event : outcome.events()) {
                send(chain, event);
            }
            if (!outcome.events().isEmpty() && inputTime > 0) {
                inputTimes.add(inputTime);
                if (outcome.events().stream().anyMatch(e -> e instanceof TallyEvent.ApprovalIssued || e instanceof TallyEvent.RecoveryApproved)) {
                    approvingInputTimes.add(inputTime);
                }
            }
        }

        private void send(String chain, TallyEvent event) {
            if (event instanceof TallyEvent.ProposalChanged changed) {
                ProposalRecord p = changed.proposal();
                Proposal message = EventMessages.proposal(chain, p);
                producer.send(new ProducerRecord<>(Topics.PROPOSALS, Topics.proposalKey(chain, p.proposalId()), utf8(EventJson.write(message))));
                proposals.add(message);
            } else if (event instanceof TallyEvent.ApprovalIssued issued) {
                sendApproval(chain, EventMessages.approval(chain, issued.approval()));
                approvals++;
            } else if (event instanceof TallyEvent.ApprovalCancelled cancelled) {
                sendApproval(chain, EventMessages.approval(chain, cancelled.approval()));
                cancellations++;
            } else if (event instanceof TallyEvent.RecoveryChanged changed) {
                Proposal message = EventMessages.recovery(chain, changed.recovery());
                producer.send(new ProducerRecord<>(Topics.PROPOSALS, Topics.proposalKey(chain, message.getProposalId()),
                        utf8(EventJson.write(message))));
                proposals.add(message);
            } else if (event instanceof TallyEvent.RecoveryApproved approved) {
                sendApproval(chain, EventMessages.recoveryApproval(chain, approved.recovery(), approved.approval()));
                approvals++;
            } else if (event instanceof TallyEvent.ReleaseAdvanced advanced) {
                LOG.infof("%s took effect at height %d: the network now runs %s", advanced.proposalId(), advanced.height(), advanced.release());
            } else if (event instanceof TallyEvent.InputIgnored ignored) {
                LOG.debugf("input ignored: %s", ignored.reason());
            }
        }

        private void sendApproval(String chain, Approval approval) {
            LOG.infof("%s %s at height %d: %s", approval.getProposalId(), approval.getStatus(), approval.getHeight(), approval.getStatusReason());
            producer.send(new ProducerRecord<>(Topics.APPROVALS, Topics.approvalKey(chain, approval.getHeight()), utf8(EventJson.write(approval))));
        }

        void published() {
            board.publish(proposals, reports);
            network.publish(state, served.view());
            metrics.published(proposals.size(), approvals, cancellations);
            long now = System.currentTimeMillis();
            inputTimes.forEach(t -> metrics.latency(Duration.ofMillis(Math.max(0, now - t))));
            approvingInputTimes.forEach(t -> metrics.approvalLatency(Duration.ofMillis(Math.max(0, now - t))));
            state.aggregation().ifPresent(a -> {
                List<Proposal> all = board.proposals(ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED);
                networkMetrics.progress(UpgradeProgress.of(all, board.agents(), a.network(), a.tally().networkHeight()));
            });
        }
    }

    /** The text of network.toml when it differs from the one in force (checked every network-check-interval). */
    private Optional<String> networkChange() {
        Instant now = Instant.now();
        if (now.isBefore(nextNetworkCheck)) {
            return Optional.empty();
        }
        nextNetworkCheck = now.plus(config.networkCheckInterval());
        String toml;
        try {
            toml = Files.readString(networkFile);
        } catch (IOException e) {
            LOG.errorf("cannot read %s (%s); keeping the network in force", networkFile, e.getMessage());
            return Optional.empty();
        }
        if (toml.equals(state.networkText().orElse(null))) {
            return Optional.empty();
        }
        ConfigResult<NetworkConfig> parsed = NetworkConfigParser.parse(toml, networkFile.toString());
        if (parsed instanceof ConfigResult.Invalid<NetworkConfig> invalid) {
            LOG.errorf("keeping the network in force: %s", invalid.describe());
            return Optional.empty();
        }
        if (served.fleet() && !parsed.orThrow().chainId().equals(served.chainId())) {
            LOG.errorf("keeping the network in force: %s: chain_id: %s, but this file serves %s (a new chain id needs a restart)",
                    networkFile, parsed.orThrow().chainId(), served.chainId());
            return Optional.empty();
        }
        LOG.infof("applying %s", networkFile);
        return Optional.of(toml);
    }

    /** A height observed at the node's status URL above the one the tally knows: journaled and applied as an input. */
    private OptionalLong nodeHeightChange() {
        OptionalLong observed = nodeHeight.observed();
        long known = state.aggregation().map(a -> a.tally().networkHeight()).orElse(0L);
        return observed.isPresent() && observed.getAsLong() > known ? observed : OptionalLong.empty();
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            lag += consumer.currentLag(partition).orElse(0);
        }
        return lag;
    }

    private Properties consumerProperties() {
        Properties props = kafka.properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.aggregator().instanceId().ifPresent(id -> props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, served.own(id)));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(config.aggregator().sessionTimeout().toMillis()));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500, config.aggregator().sessionTimeout().toMillis() / 5)));
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, OneOwnerAssignor.class.getName());
        return props;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // nothing is in flight here: each poll's transaction commits before the next poll
            Set<TopicPartition> kept = new java.util.HashSet<>(assigned);
            kept.removeAll(partitions);
            assigned = Set.copyOf(kept);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // out of the group (its session expired): another instance may hold them now
            onPartitionsRevoked(partitions);
            if (active) {
                deactivate();
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = Set.copyOf(partitions);
            if (assigned.isEmpty() && active) {
                deactivate();
            }
            LOG.infof("%s: assigned %s", served.chainId(), assigned);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
