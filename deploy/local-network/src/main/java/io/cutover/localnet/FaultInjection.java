package io.cutover.localnet;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;

/**
 * The fault-injection suite on a local network: while {@link TransactionStream} sends valid and invalid
 * transactions, it SIGKILLs proposal-service and vote-aggregator (and restarts them), restarts the Kafka
 * broker, serves truncated artifacts, gives the last node a staging disk that is full (its download file
 * is a link to /dev/full, so every write fails with ENOSPC), and SIGKILLs rollout agents in the planned
 * phases; once the upgrade is approved it writes a forged CANCELLED of it straight to upgrade.approvals
 * (no rejections, no superseding approval: what anyone able to write the topic could do). Then it counts:
 * nothing acknowledged lost, one approval (no duplicate), every other node upgraded regardless of the
 * forged cancellation (each reported it as ignored), no binary that failed verification ever executed.
 */
final class FaultInjection {

    /** How hard to push: rounds of service kills and broker restarts, agent phases to kill in, stream pace. */
    record Plan(String name, int serviceRounds, Set<RolloutPhase> agentKillPhases, Duration streamInterval) {
        static Plan quick() {
            return new Plan("short", 1, EnumSet.of(RolloutPhase.ROLLOUT_PHASE_HALTING), Duration.ofMillis(2500));
        }

        static Plan full() {
            return new Plan("full", 3, EnumSet.of(RolloutPhase.ROLLOUT_PHASE_SCHEDULED, RolloutPhase.ROLLOUT_PHASE_STAGING,
                    RolloutPhase.ROLLOUT_PHASE_READY, RolloutPhase.ROLLOUT_PHASE_HALTING, RolloutPhase.ROLLOUT_PHASE_SWITCHING,
                    RolloutPhase.ROLLOUT_PHASE_STARTING), Duration.ofMillis(2500));
        }
    }

    /** The counts of one run and what fell short. */
    record Report(String table, List<String> problems, List<String> faults) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    private static final Pattern SEED = Pattern.compile("\"seed\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final Pattern TX_HASH = Pattern.compile("\"txHash\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final int TRUNCATED_DOWNLOADS = 2;

    private final LocalNetwork network;
    private final Settings settings;
    private final Plan plan;
    private final PrintStream out;
    private final List<String> faults = new ArrayList<>();
    private final Map<RolloutPhase, String> killedInPhase = new LinkedHashMap<>();
    private final Map<String, Integer> recoveries = new LinkedHashMap<>();
    private final Map<String, Instant> agentRestartedAt = new LinkedHashMap<>();
    private String forgedCancellation = "";

    FaultInjection(LocalNetwork network, Settings settings, Plan plan, PrintStream out) {
        this.network = network;
        this.settings = settings;
        this.plan = plan;
        this.out = out;
    }

    Report run() throws Exception {
        network.start();
        String fullDiskNode = settings.nodeName(settings.validators() - 1);
        fillStagingDisk(fullDiskNode);

        TransactionStream stream = new TransactionStream(signerOf(fullDiskNode), Settings.CHAIN_ID, settings.proposalServicePort(),
                plan.streamInterval());
        try (stream) {
            for (int round = 1; round <= plan.serviceRounds(); round++) {
                Thread.sleep(1000);
                killAndRestartService("proposal-service", settings.proposalServicePort());
                Thread.sleep(1000);
                killAndRestartService("vote-aggregator", settings.aggregatorPort());
                Thread.sleep(1000);
                fault("restart the Kafka broker");
                network.broker().restart();
                network.awaitHealthy("proposal-service", settings.proposalServicePort());
                network.awaitHealthy("vote-aggregator", settings.aggregatorPort());
            }

            byte[] genuine = Files.readAllBytes(network.upgradeArtifact());
            byte[] truncated = truncatedAndMarked(genuine);
            for (int i = 0; i < TRUNCATED_DOWNLOADS; i++) {
                network.artifactServer().serveOnce(network.upgradeArtifact().getFileName().toString(), truncated);
            }
            fault("serve the next artifact download truncated (" + truncated.length + " of " + genuine.length + " bytes)");
            network.proposeUpgrade();
            boolean settled = followRolloutKillingAgents(fullDiskNode);
            Thread.sleep(plan.streamInterval().toMillis());
            stream.close();
            network.awaitHealthy("proposal-service", settings.proposalServicePort());
            return report(stream, settled, fullDiskNode);
        }
    }

    private void fillStagingDisk(String node) throws Exception {
        Path cutoverDir = network.runFolder().home(node).resolve(".cutover");
        Files.createDirectories(cutoverDir);
        Files.createSymbolicLink(cutoverDir.resolve(Settings.NEW_RELEASE + ".download"), Path.of("/dev/full"));
        fault(node + ": staging disk full (" + cutoverDir + "/" + Settings.NEW_RELEASE + ".download -> /dev/full, ENOSPC on write)");
    }

    private void killAndRestartService(String name, int port) throws Exception {
        fault("SIGKILL " + name);
        network.processes().kill(name);
        Thread.sleep(500);
        network.processes().restart(name);
        network.awaitHealthy(name, port);
    }

    /**
     * Follows the rollout: SIGKILLs an upgrading node's agent the first time one is seen in each planned phase,
     * recovers a node that failed staging (a truncated download) by restarting its agent, and SIGKILLs the
     * aggregator once just after the approval was published.
     */
    private boolean followRolloutKillingAgents(String fullDiskNode) throws Exception {
        Instant deadline = Instant.now().plus(settings.timeout());
        boolean aggregatorKilledAfterApproval = false;
        while (Instant.now().isBefore(deadline)) {
            if (!aggregatorKilledAfterApproval && approved().size() > 0) {
                aggregatorKilledAfterApproval = true;
                forgeCancellation(approved().get(0));
                killAndRestartService("vote-aggregator", settings.aggregatorPort());
            }
            Map<String, RolloutStatus> latest = network.observer().latestByNode();
            boolean done = true;
            for (int i = 0; i < settings.validators(); i++) {
                String node = settings.nodeName(i);
                RolloutStatus s = latest.getOrDefault(node, RolloutStatus.getDefaultInstance());
                if (node.equals(fullDiskNode)) {
                    done &= s.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED && s.getHaltedAtHeight() == network.upgradeHeight();
                    continue;
                }
                done &= s.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING && s.getRunningRelease().equals(Settings.NEW_RELEASE);
                if (!reportedSinceRestart(node, s)) {
                    continue;
                }
                if (plan.agentKillPhases().contains(s.getPhase()) && !killedInPhase.containsKey(s.getPhase())) {
                    killedInPhase.put(s.getPhase(), node);
                    killAndRestartAgent(node, "in " + phaseName(s.getPhase()));
                } else if (s.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED && recoveries.getOrDefault(node, 0) < 3) {
                    recoveries.merge(node, 1, Integer::sum);
                    killAndRestartAgent(node, "in FAILED (" + s.getLastError() + "): the restarted agent stages again");
                }
            }
            if (done) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** A CANCELLED of the approval without any proof, written straight to upgrade.approvals under the approval's key. */
    private void forgeCancellation(Approval approval) throws Exception {
        fault("write a forged CANCELLED of " + approval.getProposalId() + " (no proof) to upgrade.approvals");
        Approval forged = approval.toBuilder().setStatus(ApprovalStatus.APPROVAL_STATUS_CANCELLED)
                .setStatusReason("forged: no rejections, no superseding approval").build();
        java.util.Properties props = new java.util.Properties();
        props.setProperty("bootstrap.servers", network.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(io.cutover.core.events.Topics.APPROVALS,
                    approval.getChainId() + "/" + approval.getHeight(), io.cutover.core.events.EventJson.write(forged))).get();
        }
        forgedCancellation = forged.getProposalId();
    }

    /** The nodes that reported the forged cancellation as ignored in their last_error. */
    private List<String> nodesThatIgnoredTheForgery() {
        List<String> nodes = new ArrayList<>();
        network.observer().errorsByNode().forEach((node, errors) -> {
            if (errors.stream().anyMatch(e -> e.contains("unverifiable cancellation") && e.contains(forgedCancellation))) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    private void killAndRestartAgent(String node, String why) throws InterruptedException {
        fault("SIGKILL agent-" + node + " " + why);
        network.processes().kill("agent-" + node);
        Thread.sleep(300);
        agentRestartedAt.put(node, Instant.now());
        network.processes().restart("agent-" + node);
    }

    /** Whether the status comes from the agent running now, not from the one just killed. */
    private boolean reportedSinceRestart(String node, RolloutStatus s) {
        Instant restarted = agentRestartedAt.get(node);
        return restarted == null
                || Instant.ofEpochSecond(s.getReportedAt().getSeconds(), s.getReportedAt().getNanos()).isAfter(restarted);
    }

    private Report report(TransactionStream stream, boolean settled, String fullDiskNode) throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> onTopic = transactionHashesOnTopic();
        Set<String> acknowledged = stream.acknowledged();
        long lost = acknowledged.stream().filter(h -> !onTopic.contains(h)).count();
        long invalidOnTopic = stream.invalidSent().stream().filter(onTopic::contains).count();
        List<Approval> approvals = approved();
        long distinctApprovals = approvals.stream().map(Approval::getProposalId).distinct().count();
        long duplicated = approvals.size() - distinctApprovals;
        Map<String, RolloutStatus> latest = network.observer().latestByNode();
        int upgraded = 0;
        for (int i = 0; i < settings.validators(); i++) {
            RolloutStatus s = latest.getOrDefault(settings.nodeName(i), RolloutStatus.getDefaultInstance());
            if (s.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING && s.getRunningRelease().equals(Settings.NEW_RELEASE)
                    && s.getHaltedAtHeight() == network.upgradeHeight()) {
                upgraded++;
            }
        }
        int expectedUpgrades = settings.validators() - 1;
        long unverifiedRan = executedMarkers();
        RolloutStatus full = latest.getOrDefault(fullDiskNode, RolloutStatus.getDefaultInstance());

        if (lost > 0) {
            problems.add(lost + " acknowledged transactions are not on upgrade.transactions");
        }
        if (invalidOnTopic > 0 || !stream.invalidAccepted().isEmpty()) {
            problems.add(invalidOnTopic + " invalid transactions reached upgrade.transactions");
        }
        if (acknowledged.isEmpty()) {
            problems.add("no transaction was acknowledged: the stream did not flow");
        }
        if (distinctApprovals != 1) {
            problems.add("expected 1 approval, " + distinctApprovals + " published");
        }
        if (duplicated > 0) {
            problems.add(duplicated + " approvals published more than once");
        }
        if (upgraded != expectedUpgrades) {
            problems.add(upgraded + " of " + expectedUpgrades + " nodes upgraded at height " + network.upgradeHeight()
                    + (settled ? "" : " (not settled within " + settings.timeout().toSeconds() + " s)"));
        }
        if (full.getPhase() != RolloutPhase.ROLLOUT_PHASE_FAILED || full.getHaltedAtHeight() != network.upgradeHeight()) {
            problems.add(fullDiskNode + " (staging disk full) ended " + phaseName(full.getPhase()) + " halted at "
                    + full.getHaltedAtHeight() + ", not FAILED and halted at " + network.upgradeHeight());
        }
        if (unverifiedRan > 0) {
            problems.add(unverifiedRan + " binaries that failed verification were executed");
        }
        List<String> ignoredForgery = nodesThatIgnoredTheForgery();
        if (forgedCancellation.isEmpty()) {
            problems.add("no approval was seen, so no forged CANCELLED was written");
        } else if (ignoredForgery.size() != settings.validators()) {
            problems.add("only " + ignoredForgery + " reported the forged CANCELLED as unverifiable in last_error");
        }
        if (stream.validRefused() > 0) {
            problems.add(stream.validRefused() + " valid stream transactions were refused (not 503)");
        }

        StringBuilder table = new StringBuilder();
        row(table, "plan", plan.name());
        row(table, "transactions acknowledged", acknowledged.size());
        row(table, "acknowledged found on the topic", acknowledged.size() - lost);
        row(table, "invalid sent / reached the topic", stream.invalidSent().size() + " / " + invalidOnTopic);
        row(table, "requests unanswered (service down)", stream.unanswered());
        row(table, "approvals expected / published / duplicated", "1 / " + distinctApprovals + " / " + duplicated);
        row(table, "upgrades completed / expected", upgraded + " / " + expectedUpgrades);
        row(table, "full-disk node", phaseName(full.getPhase()) + ", halted at " + full.getHaltedAtHeight() + ": " + full.getLastError());
        row(table, "agent kills by phase", killedInPhase.isEmpty() ? "-" : killedInPhase.entrySet().stream()
                .map(e -> phaseName(e.getKey()) + ": " + e.getValue()).toList().toString());
        row(table, "agent restarts to recover from FAILED staging", recoveries.isEmpty() ? "-" : recoveries.toString());
        row(table, "phases planned but not caught", missedPhases());
        row(table, "binaries executed that failed verification", unverifiedRan);
        row(table, "forged CANCELLED ignored (last_error) by", ignoredForgery.size() + " of " + settings.validators() + " agents");
        row(table, "faults injected", faults.size());
        return new Report(table.toString(), List.copyOf(problems), List.copyOf(faults));
    }

    private String missedPhases() {
        EnumSet<RolloutPhase> missed = EnumSet.noneOf(RolloutPhase.class);
        missed.addAll(plan.agentKillPhases());
        missed.removeAll(killedInPhase.keySet());
        return missed.isEmpty() ? "-" : missed.stream().map(FaultInjection::phaseName).toList().toString();
    }

    private List<Approval> approved() {
        return network.observer().approvals().stream().filter(a -> a.getStatus() == ApprovalStatus.APPROVAL_STATUS_APPROVED).toList();
    }

    private Set<String> transactionHashesOnTopic() {
        Set<String> hashes = new java.util.HashSet<>();
        java.util.Properties props = new java.util.Properties();
        props.putAll(network.kafkaClientProperties(KafkaAccess.OPS));
        props.setProperty("enable.auto.commit", "false");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.StringDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition("upgrade.transactions", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    Matcher m = TX_HASH.matcher(r.value());
                    if (m.find()) {
                        hashes.add(m.group(1));
                    }
                });
            }
        }
        return hashes;
    }

    /** Marker files a tampered binary leaves beside itself when it runs. */
    private long executedMarkers() throws Exception {
        try (var files = Files.walk(network.runFolder().homes())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".executed")).count();
        }
    }

    /** The genuine launcher with a line that leaves a marker if it ever runs, cut to 60 % of its length. */
    private static byte[] truncatedAndMarked(byte[] genuine) {
        String script = new String(genuine, java.nio.charset.StandardCharsets.ISO_8859_1).replaceFirst("\n", "\ntouch \"\\$0.executed\"\n");
        byte[] marked = script.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return java.util.Arrays.copyOf(marked, marked.length * 6 / 10);
    }

    private TransactionSigner signerOf(String node) throws Exception {
        Matcher m = SEED.matcher(Files.readString(network.runFolder().keys().resolve(node + ".key")));
        if (!m.find()) {
            throw new IllegalStateException("no seed in the key file of " + node);
        }
        return new TransactionSigner(HexFormat.of().parseHex(m.group(1)));
    }

    private void fault(String what) {
        faults.add(what);
        out.println("  !! " + what);
    }

    private static String phaseName(RolloutPhase phase) {
        return phase.name().replace("ROLLOUT_PHASE_", "");
    }

    private static void row(StringBuilder table, String name, Object value) {
        table.append(String.format("| %-44s | %s |%n", name, value));
    }
}
