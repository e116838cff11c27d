package io.cutover.localnet;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.core.proposal.Platform;
import io.cutover.core.tx.Digests;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.testing.BrokerSecurity;
import io.cutover.testing.KafkaBroker;
import io.cutover.testing.ReleaseArtifacts;

/**
 * A whole Cutover network on one machine: a Kafka broker, proposal-service, vote-aggregator and
 * one simulated node per validator, each under its own rollout agent with a Visor-style home.
 * {@link #start()} brings it up, {@link #walkUpgrade()} has validators propose the new release and
 * follows the upgrade to its end, {@link #close()} stops everything.
 */
final class LocalNetwork implements AutoCloseable {

    private static final Pattern PUB_KEY = Pattern.compile("\"pubKey\"\\s*:\\s*\"([0-9a-f]{64})\"");
    private static final String PLATFORM = Platform.current();
    private static final Pattern ACTIVE_ROLE = Pattern.compile("\"role\"\\s*:\\s*\"active\"");
    /** Every validator's voting power, in network.toml and in the nodes' peers file. */
    static final long VOTING_POWER = 10;

    private final Settings settings;
    private final RunFolder run;
    private final PrintStream out;
    private final ProcessGroup processes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> validatorKeys = new ArrayList<>();
    private final boolean secure;
    private KafkaBroker broker;
    private KafkaAccess kafka;
    private ArtifactServer artifactServer;
    private AlertReceiver alerts;
    private NetworkObserver observer;
    private ProgressPrinter progress;
    private long upgradeHeight;
    private ReleaseDelivery delivery = ReleaseDelivery.DEFAULT;
    private String upgradeSha256;
    private String upgradeUrl;
    /** The other networks this run's Kafka and services serve ({@link #alsoServe}); each runs its own nodes and agents. */
    private final List<LocalNetwork> others = new ArrayList<>();
    /** Whether the run's services serve more than this network (commands then name the chain). */
    private boolean inFleet;
    /** The fleet's other networks are proposed a time ({@code propose --at}), the first one a height. */
    private boolean proposesAtATime;

    LocalNetwork(Settings settings, PrintStream out) throws IOException {
        this(settings, out, false);
    }

    /** @param secure SASL/SCRAM and ACLs on the broker, each component logging in as its own user */
    LocalNetwork(Settings settings, PrintStream out, boolean secure) throws IOException {
        this.secure = secure;
        this.settings = settings;
        this.run = RunFolder.create(settings.runFolder());
        this.out = out;
        this.processes = new ProcessGroup(run.logs());
    }

    /**
     * Another network, served by this run's Kafka and services (a fleet on one deployment): its own
     * chain id, validators, nodes and agents. Call before {@link #start()}; its upgrade is walked by
     * {@link #walkUpgrades()}.
     */
    LocalNetwork alsoServe(Settings network) throws IOException {
        LocalNetwork other = new LocalNetwork(network, out, secure);
        others.add(other);
        inFleet = true;
        return other;
    }

    /** This network and every other one it serves. */
    List<LocalNetwork> fleet() {
        List<LocalNetwork> fleet = new ArrayList<>(List.of(this));
        fleet.addAll(others);
        return fleet;
    }

    /** How the new release reaches the nodes and in which order agents work; set before {@link #start()}. */
    void delivery(ReleaseDelivery delivery) {
        this.delivery = delivery;
    }

    Settings settings() {
        return settings;
    }

    PrintStream out() {
        return out;
    }

    RunFolder runFolder() {
        return run;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    long upgradeHeight() {
        return upgradeHeight;
    }

    NetworkObserver observer() {
        return observer;
    }

    ProcessGroup processes() {
        return processes;
    }

    KafkaBroker broker() {
        return broker;
    }

    /** Kafka client settings of {@code user} (ops, proposal-service, ...); the bootstrap servers alone when plaintext. */
    Map<String, String> kafkaClientProperties(String user) {
        return kafka.clientProperties(user);
    }

    ArtifactServer artifactServer() {
        return artifactServer;
    }

    String upgradeSha256() {
        return upgradeSha256;
    }

    /** The new release's file as served (its URL's last segment is the file name). */
    Path upgradeArtifact() {
        return run.artifacts().resolve(upgradeUrl.substring(upgradeUrl.lastIndexOf('/') + 1));
    }

    List<String> validatorKeys() {
        return List.copyOf(validatorKeys);
    }

    void start() throws Exception {
        out.println("Run folder: " + run.root() + " (logs of every process in " + run.logs() + ")");
        if (secure) {
            if (settings.cluster()) {
                throw new IllegalArgumentException("--secure runs on a single Kafka node; it cannot be combined with --cluster");
            }
            step("Starting Kafka (KRaft, single node) on 127.0.0.1:" + settings.kafkaPort()
                    + " with TLS, SASL/SCRAM-SHA-512 and the ACLs of deploy/kafka/acls.conf");
            List<String> agents = new ArrayList<>();
            for (LocalNetwork network : fleet()) {
                for (int i = 0; i < network.settings.validators(); i++) {
                    agents.add(KafkaAccess.agentUser(network.settings.nodeName(i)));
                }
            }
            broker = KafkaBroker.start(run.kafka(), settings.kafkaPort(), settings.kafkaControllerPorts().get(0), BrokerSecurity.sasl(agents));
            out.println("    users proposal-service, vote-aggregator, ops, " + String.join(", ", agents)
                    + "; passwords (0600) in " + broker.credentials().folder());
        } else {
            step(settings.cluster()
                    ? "Starting Kafka (KRaft, " + settings.kafkaPorts().size() + " nodes, controller quorum of "
                            + settings.kafkaPorts().size() + ", replication 3, min.insync 2) on " + settings.kafkaPorts()
                    : "Starting Kafka (KRaft, single node) on 127.0.0.1:" + settings.kafkaPort());
            broker = KafkaBroker.start(run.kafka(), settings.kafkaNodePorts());
        }
        kafka = new KafkaAccess(broker, run.root().resolve("config"));

        for (LocalNetwork network : fleet()) {
            step("Generating " + network.settings.validators() + " validator keys and network.toml of " + network.settings.chainId());
            network.writeNetworkFiles();
        }

        step("Preparing releases: " + Settings.GENESIS_RELEASE + " in every home, " + Settings.NEW_RELEASE + " served over HTTP");
        artifactServer = new ArtifactServer(run.artifacts());
        artifactServer.throttle(delivery.linkBytesPerSecond());
        Path newRelease = newReleaseArtifact();
        String sha256 = Digests.sha256Hex(Files.readAllBytes(newRelease));
        out.println("    " + Settings.NEW_RELEASE + " artifact " + artifactServer.urlOf(newRelease.getFileName().toString())
                + " sha256 " + sha256);

        observer = new NetworkObserver(kafka.clientProperties(KafkaAccess.OPS),
                progress = new ProgressPrinter(out, settings.validators(), !others.isEmpty()));
        alerts = new AlertReceiver(progress::alert);
        upgradeSha256 = sha256;
        upgradeUrl = artifactServer.urlOf(newRelease.getFileName().toString());
        for (LocalNetwork other : others) {
            other.shareDeployment(this);
        }

        step("Starting proposal-service on " + settings.proposalServicePorts() + " and vote-aggregator on "
                + settings.aggregatorPorts() + " (127.0.0.1)");
        for (int i = 0; i < settings.proposalServicePorts().size(); i++) {
            startService("proposal-service", i, settings.proposalServicePorts().get(i));
        }
        for (int i = 0; i < settings.aggregatorPorts().size(); i++) {
            startService("vote-aggregator", i, settings.aggregatorPorts().get(i));
        }
        for (int i = 0; i < settings.proposalServicePorts().size(); i++) {
            awaitHealthy(Settings.instanceName("proposal-service", i), settings.proposalServicePorts().get(i));
        }
        for (int i = 0; i < settings.aggregatorPorts().size(); i++) {
            awaitHealthy(Settings.instanceName("vote-aggregator", i), settings.aggregatorPorts().get(i));
        }
        if (settings.aggregatorPorts().size() > 1) {
            out.println("    active vote-aggregator: " + awaitActiveAggregator(Duration.ofSeconds(60)).orElse("none yet")
                    + " (the other stands by)");
        }

        for (LocalNetwork network : fleet()) {
            network.startNodes();
        }
        for (LocalNetwork network : fleet()) {
            boolean running = observer.await(network::allNodesReportHeight, Duration.ofSeconds(120),
                    left -> out.println("    waiting for every node to report its height..."));
            if (!running) {
                throw new IllegalStateException("not every node of " + network.settings.chainId() + " reported a height within 120 s;"
                        + " see the agent logs in " + network.run.logs());
            }
        }
    }

    /** The validators' keys, network.toml and the nodes' peers file of this network. */
    private void writeNetworkFiles() throws Exception {
        for (int i = 0; i < settings.validators(); i++) {
            validatorKeys.add(keygen(settings.nodeName(i)));
        }
        Files.writeString(run.networkFile(), networkToml());
        Files.writeString(run.peersFile(), peersFile());
    }

    /** Another network of the same run uses the Kafka, services, release and observer of {@code first}. */
    private void shareDeployment(LocalNetwork first) {
        broker = first.broker;
        kafka = first.kafka;
        artifactServer = first.artifactServer;
        alerts = first.alerts;
        observer = first.observer;
        progress = first.progress;
        upgradeSha256 = first.upgradeSha256;
        upgradeUrl = first.upgradeUrl;
        inFleet = true;
        proposesAtATime = true;
    }

    private void startNodes() throws Exception {
        step("Starting " + settings.validators() + " simulated nodes of " + settings.chainId() + ", each under its own rollout agent");
        for (int i = 0; i < settings.validators(); i++) {
            String node = settings.nodeName(i);
            AgentHomeWriter.write(run.home(node), settings, delivery, i, run.networkFile(), run.peersFile(), broker.bootstrapServers(),
                    kafka.agentToml(node, run.home(node)),
                    simNodeLauncher(Settings.GENESIS_RELEASE, run.home(node).resolve("genesis").resolve("sim-node")));
            if (settings.corruptNode().filter(node::equals).isPresent()) {
                stageCorruptedRelease(run.home(node));
            }
            processes.start("agent-" + node, List.of(settings.bin("rollout-agent").toString(), "run", "--home", run.home(node).toString()),
                    Map.of(), run.root());
        }
    }

    /** Three of four validators propose the new release about {@code leadBlocks} ahead; then follows it to the end. */
    RunResult walkUpgrade() throws Exception {
        proposeUpgrade();
        return settledResult();
    }

    /**
     * The same upgrade on every network of the fleet, proposed on each (one after the other, each
     * {@code leadBlocks} above its own chain's height), then followed to its end on each.
     */
    List<RunResult> walkUpgrades() throws Exception {
        for (LocalNetwork network : fleet()) {
            network.proposeUpgrade();
        }
        if (!others.isEmpty()) {
            printCalendar();
        }
        List<RunResult> results = new ArrayList<>();
        for (LocalNetwork network : fleet()) {
            results.add(network.settledResult());
        }
        return results;
    }

    /** Once every network's upgrade is approved: {@code upgradectl calendar}, as an ops team would look at the fleet. */
    private void printCalendar() throws Exception {
        boolean approved = observer.await(o -> fleet().stream().allMatch(n -> o.approvals().stream().anyMatch(a -> a.getChainId()
                .equals(n.settings.chainId()) && a.getHeight() == n.upgradeHeight)), Duration.ofSeconds(60), left -> { });
        if (!approved) {
            return; // the walk's own checks say which approval is missing
        }
        CommandOutput calendar = runCommand("upgradectl-calendar", List.of(settings.bin("upgradectl").toString(), "calendar",
                "--query-endpoint", "127.0.0.1:" + settings.aggregatorPort()));
        if (calendar.exitCode() != 0) {
            throw new IllegalStateException("upgradectl calendar failed (exit " + calendar.exitCode() + "): " + calendar.text());
        }
        step("The fleet's calendar (upgradectl calendar)");
        calendar.text().lines().forEach(line -> out.println("    " + line));
    }

    private RunResult settledResult() throws Exception {
        boolean done = awaitUpgradeSettled();
        return RunResult.from(settings, upgradeHeight, observer, done, validatorKeys.subList(0, settings.proposers()),
                tamperedReleaseRan(), chainTimeline(), alerts.received());
    }

    /** The upgrade as the chain lived it: blocks H and H+1 from the first node that holds them, and the agents' reports. */
    ChainTimeline chainTimeline() {
        List<ChainBlocks.Block> blocks = List.of();
        for (int i = 0; i < settings.validators() && blocks.stream().noneMatch(b -> b.height() == upgradeHeight + 1); i++) {
            blocks = ChainBlocks.from(http, settings.nodePorts().get(i), upgradeHeight);
        }
        List<String> nodes = java.util.stream.IntStream.range(0, settings.validators()).mapToObj(settings::nodeName).toList();
        return ChainTimeline.of(upgradeHeight, blocks, observer.phaseEnteredByNode(), nodes, VOTING_POWER);
    }

    /** Waits until every node runs the new release or has failed (or the timeout passed). */
    boolean awaitUpgradeSettled() throws InterruptedException {
        return observer.await(this::allNodesSettled, settings.timeout(),
                left -> out.println("    ... waiting for the rollout (" + left.toSeconds() + " s left)"));
    }

    /** The proposers propose the new release {@code leadBlocks} above the chain's height, at the same time. */
    void proposeUpgrade() throws Exception {
        if (proposesAtATime) {
            proposeAtATime();
            return;
        }
        long height = chainHeight();
        upgradeHeight = height + settings.leadBlocks();
        progress.upgradeHeight(upgradeHeight);
        step((inFleet ? settings.chainId() + ": " : "")
                + "Network height " + height + "; " + settings.proposers() + " of " + settings.validators() + " validators propose "
                + Settings.NEW_RELEASE + " at height " + upgradeHeight);
        proposersRun("propose", node -> List.of("propose", "--release", Settings.NEW_RELEASE, "--height", Long.toString(upgradeHeight),
                "--artifact", artifactOption(upgradeSha256, upgradeUrl)));
    }

    /**
     * The first proposer names a time instead of a height ({@code upgradectl propose --at}, about
     * {@code leadBlocks} blocks ahead at the block time proposal-service measured), and the others
     * propose the height it signed.
     */
    private void proposeAtATime() throws Exception {
        awaitMeasuredBlockTime();
        Instant at = Instant.now().plus(settings.blockInterval().multipliedBy(settings.leadBlocks())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String first = settings.nodeName(0);
        step(settings.chainId() + ": " + first + " proposes " + Settings.NEW_RELEASE + " at " + at + " (upgradectl propose --at)");
        CommandOutput result = upgradectl("propose-at-" + first, first, List.of("propose", "--release", Settings.NEW_RELEASE, "--at", at.toString(),
                "--artifact", artifactOption(upgradeSha256, upgradeUrl)));
        Matcher signed = Pattern.compile("proposal id:\\s+" + Pattern.quote(Settings.NEW_RELEASE) + "@(\\d+)").matcher(result.text());
        if (result.exitCode() != 0 || !signed.find()) {
            throw new IllegalStateException(first + ": upgradectl propose --at failed (exit " + result.exitCode() + "): " + result.text());
        }
        upgradeHeight = Long.parseLong(signed.group(1));
        progress.upgradeHeight(upgradeHeight);
        result.text().lines().filter(line -> line.startsWith("height ")).findFirst().ifPresent(line -> out.println("    " + first + ": " + line));
        step(settings.chainId() + ": " + (settings.proposers() - 1) + " more validators propose " + Settings.NEW_RELEASE + " at height "
                + upgradeHeight);
        proposersRun("propose", 1, node -> List.of("propose", "--release", Settings.NEW_RELEASE, "--height", Long.toString(upgradeHeight),
                "--artifact", artifactOption(upgradeSha256, upgradeUrl)));
    }

    /** Waits until proposal-service has measured this network's block time from its agents' reports. */
    private void awaitMeasuredBlockTime() throws Exception {
        URI network = URI.create("http://127.0.0.1:" + settings.proposalServicePort() + "/api/v1/network?chain=" + settings.chainId());
        Pattern samples = Pattern.compile("\"blockTimeSamples\"\\s*:\\s*([0-9]+)");
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            try {
                Matcher m = samples.matcher(http.send(HttpRequest.newBuilder(network).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (m.find() && Long.parseLong(m.group(1)) >= 5) {
                    return;
                }
            } catch (IOException notYet) {
                // asked again below
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("proposal-service measured no block time of " + settings.chainId() + " within 60 s");
    }

    /**
     * Every proposer runs {@code bin/upgradectl <args of node>} with its own key, at the same time
     * (validators act independently); each must be accepted.
     */
    void proposersRun(String what, java.util.function.Function<String, List<String>> argsOfNode) throws Exception {
        proposersRun(what, 0, argsOfNode);
    }

    /** {@link #proposersRun(String, java.util.function.Function)} from proposer {@code from} (0-based) on. */
    private void proposersRun(String what, int from, java.util.function.Function<String, List<String>> argsOfNode) throws Exception {
        List<java.util.concurrent.CompletableFuture<Void>> runs = new ArrayList<>();
        for (int i = from; i < settings.proposers(); i++) {
            String node = settings.nodeName(i);
            runs.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                CommandOutput result = upgradectl(what + "-" + node, node, argsOfNode.apply(node));
                if (result.exitCode() != 0) {
                    throw new IllegalStateException(node + ": upgradectl " + what + " failed (exit " + result.exitCode() + "): " + result.text());
                }
                String summary = result.text().lines().map(String::strip)
                        .filter(line -> line.startsWith("proposal id:") || line.startsWith("recovery id:") || line.startsWith("tx hash:"))
                        .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse(result.text().strip());
                out.println("    " + node + " " + what + ": " + summary);
            }));
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(runs.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** {@code bin/upgradectl <args>} with {@code node}'s key against the proposal-service instances. */
    CommandOutput upgradectl(String logName, String node, List<String> args) {
        List<String> command = new ArrayList<>(List.of(settings.bin("upgradectl").toString()));
        command.addAll(args);
        command.addAll(List.of("--key", run.keys().resolve(node + ".key").toString(), "--endpoint", settings.proposalServiceEndpoints()));
        if (inFleet) {
            command.addAll(List.of("--chain", settings.chainId()));
        }
        try {
            return runCommand("upgradectl-" + logName, command);
        } catch (Exception e) {
            throw new IllegalStateException(node + ": upgradectl could not run: " + e.getMessage(), e);
        }
    }

    static String artifactOption(String sha256, String url) {
        return PLATFORM + "=" + sha256 + "," + url;
    }

    /**
     * The chain's height now, from the nodes themselves (the agents' reports on rollout.status are up
     * to a heartbeat old): the highest any node answers, at least the highest reported.
     */
    long chainHeight() {
        long height = observer.latestByNode().values().stream().filter(s -> s.getChainId().equals(settings.chainId()))
                .mapToLong(RolloutStatus::getHeight).max().orElse(0);
        for (int i = 0; i < settings.validators(); i++) {
            height = Math.max(height, ChainBlocks.latestHeight(http, settings.nodePorts().get(i)).orElse(0));
        }
        return height;
    }

    private boolean allNodesReportHeight(NetworkObserver o) {
        Map<String, RolloutStatus> latest = o.latestByNode();
        for (int i = 0; i < settings.validators(); i++) {
            RolloutStatus status = latest.get(settings.nodeName(i));
            if (status == null || status.getHeight() == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean allNodesSettled(NetworkObserver o) {
        Map<String, RolloutStatus> latest = o.latestByNode();
        for (int i = 0; i < settings.validators(); i++) {
            RolloutStatus status = latest.get(settings.nodeName(i));
            if (status == null) {
                return false;
            }
            boolean upgraded = status.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING
                    && status.getRunningRelease().equals(Settings.NEW_RELEASE);
            boolean failed = status.getPhase() == RolloutPhase.ROLLOUT_PHASE_FAILED
                    || status.getPhase() == RolloutPhase.ROLLOUT_PHASE_ROLLED_BACK;
            if (!upgraded && !failed) {
                return false;
            }
        }
        return true;
    }

    /** Where to look while the network runs. */
    void printWhereToLook() {
        out.println();
        out.println("The network is running. Where to look:");
        if (settings.cluster()) {
            out.println("  cluster             Kafka nodes " + broker.bootstrapServers() + "; proposal-service on " + settings.proposalServicePorts()
                    + "; vote-aggregator on " + settings.aggregatorPorts() + ", active now: " + activeAggregator().orElse("none"));
        }
        out.println("  dashboard           http://127.0.0.1:" + settings.aggregatorPort() + "/");
        out.println("  proposals (REST)    http://127.0.0.1:" + settings.aggregatorPort() + "/api/v1/proposals");
        out.println("  agents (REST)       http://127.0.0.1:" + settings.aggregatorPort() + "/api/v1/agents");
        out.println("  network (REST)      http://127.0.0.1:" + settings.proposalServicePort() + "/api/v1/network");
        out.println("  OpenAPI             http://127.0.0.1:" + settings.proposalServicePort() + "/q/openapi");
        out.println("  metrics             http://127.0.0.1:" + settings.aggregatorPort() + "/q/metrics");
        for (LocalNetwork network : fleet()) {
            for (int i = 0; i < network.settings.validators(); i++) {
                out.println("  agent " + network.settings.nodeName(i) + "   http://127.0.0.1:" + network.settings.agentPorts().get(i)
                        + "/api/v1/status" + (inFleet ? "   (" + network.settings.chainId() + ")" : ""));
            }
        }
        out.println("  gRPC                127.0.0.1:" + settings.proposalServicePort() + " (cutover.v1.ProposalService), 127.0.0.1:"
                + settings.aggregatorPort() + " (cutover.v1.ProposalQueryService); server reflection is on");
        out.println("  Kafka bootstrap     " + broker.bootstrapServers() + (secure ? " (TLS + SASL/SCRAM-SHA-512; CA "
                + broker.credentials().caCertificate() + ", passwords in " + broker.credentials().folder() + ")" : ""));
        Path lib = settings.repositoryRoot().resolve("deploy/kafka/target/lib");
        Path opsConfig;
        try {
            opsConfig = kafka.opsClientConfig();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String topic : List.of("upgrade.transactions", "upgrade.proposals", "upgrade.approvals", "rollout.status")) {
            // secured: log in as ops, whose consumer groups start with cutover-ops-
            String login = opsConfig == null ? "" : " --consumer.config " + opsConfig + " --group cutover-ops-console-" + topic;
            out.println("  consume " + topic + ":  java -cp '" + lib + "/*' org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "
                    + broker.bootstrapServers() + login + " --topic " + topic + " --from-beginning --property print.key=true");
        }
        out.println("  your own proposals:  bin/upgradectl list --query-endpoint 127.0.0.1:" + settings.aggregatorPort()
                + "   (keys in " + run.keys() + ")");
        out.println("  logs                " + run.logs());
        out.println("Press Ctrl-C to stop everything.");
    }

    private String keygen(String node) throws Exception {
        Path keyFile = run.keys().resolve(node + ".key");
        CommandOutput result = runCommand("upgradectl-keygen-" + node,
                List.of(settings.bin("upgradectl").toString(), "keygen", "--out", keyFile.toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("upgradectl keygen failed for " + node + ": " + result.text());
        }
        Matcher m = PUB_KEY.matcher(Files.readString(keyFile));
        if (!m.find()) {
            throw new IllegalStateException(keyFile + " holds no pubKey");
        }
        return m.group(1);
    }

    private String networkToml() {
        StringBuilder toml = new StringBuilder()
                .append("# The local network, written by deploy/local/run.sh\n")
                .append("chain_id = \"").append(settings.chainId()).append("\"\n")
                .append("current_release = \"").append(Settings.GENESIS_RELEASE).append("\"\n")
                .append("approval_threshold = \"2/3\"\n")
                .append("approval_rule = \"greater\"\n")
                .append("min_lead_blocks = 10\n")
                .append("replay_window_blocks = 150\n");
        for (int i = 0; i < validatorKeys.size(); i++) {
            toml.append("\n[[validators]]\n")
                    .append("name = \"").append(settings.nodeName(i)).append("\"\n")
                    .append("pub_key = \"").append(validatorKeys.get(i)).append("\"\n")
                    .append("voting_power = ").append(VOTING_POWER).append("\n");
        }
        return toml.toString();
    }

    /** Every validator's node in one chain, with the voting power network.toml gives it. */
    private String peersFile() {
        StringBuilder peers = new StringBuilder("# <validator-id> <power> <host:port>: the local network's nodes form one chain\n");
        for (int i = 0; i < settings.validators(); i++) {
            peers.append(settings.nodeName(i)).append(' ').append(VOTING_POWER).append(" 127.0.0.1:")
                    .append(settings.nodePorts().get(i)).append('\n');
        }
        return peers.toString();
    }

    /** The new release as served: its launcher, or a zip of it padded to a real release's size. */
    private Path newReleaseArtifact() throws Exception {
        Path launcher = simNodeLauncher(Settings.NEW_RELEASE, run.artifacts().resolve("sim-node-" + Settings.NEW_RELEASE));
        if (delivery.paddingMiB() == 0) {
            return launcher;
        }
        byte[] zip = ReleaseArtifacts.zip(Map.of("sim-node", Files.readAllBytes(launcher),
                "share/padding.bin", ReleaseArtifacts.padding(delivery.paddingMiB(), 64)));
        Files.delete(launcher);
        return Files.write(run.artifacts().resolve("sim-node-" + Settings.NEW_RELEASE + ".zip"), zip);
    }

    private Path simNodeLauncher(String tag, Path out) throws Exception {
        return simNodeLauncher(tag, out, List.of());
    }

    /** One release of the simulated node; {@code flags} as sim-node's launcher takes them ({@code --panic-past-start}). */
    Path simNodeLauncher(String tag, Path out, List<String> flags) throws Exception {
        Path jar = simNodeJar();
        List<String> command = new ArrayList<>(List.of(java(), "-cp", jar.toString(),
                "io.cutover.simnode.SimNode", "launcher", "--tag", tag, "--out", out.toString(), "--jar", jar.toString()));
        command.addAll(flags);
        CommandOutput result = runCommand("sim-node-launcher-" + tag, command);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("writing the sim-node launcher for " + tag + " failed: " + result.text());
        }
        return out;
    }

    /**
     * Puts a tampered copy of the new release into the node's home, as if someone had replaced the
     * binary on disk. The agent must refuse it (its SHA-256 is not the approved one) and never run it:
     * if it ran, it would leave a marker file beside itself.
     */
    private void stageCorruptedRelease(Path home) throws Exception {
        Path folder = home.resolve(Settings.NEW_RELEASE);
        Path genuine = simNodeLauncher(Settings.NEW_RELEASE, folder.resolve("sim-node"));
        String script = Files.readString(genuine);
        Files.writeString(genuine, script.replaceFirst("\n", "\ntouch \"$0.executed\"\n"));
        Files.writeString(folder.resolve("run-config.toml"), Files.readString(home.resolve("genesis/run-config.toml"))
                .replace("name = \"genesis\"", "name = \"" + Settings.NEW_RELEASE + "\""));
    }

    private boolean tamperedReleaseRan() {
        return settings.corruptNode()
                .map(node -> Files.exists(run.home(node).resolve(Settings.NEW_RELEASE).resolve("sim-node.executed")))
                .orElse(false);
    }

    /**
     * The vote-aggregator instance that is active now (its readiness says {@code "role":"active"}), by
     * process name; empty while none is (a stand-by takes over a session timeout after the active one died).
     */
    Optional<String> activeAggregator() {
        for (int i = 0; i < settings.aggregatorPorts().size(); i++) {
            String name = Settings.instanceName("vote-aggregator", i);
            if (!processes.isAlive(name)) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settings.aggregatorPorts().get(i) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ACTIVE_ROLE.matcher(response.body()).find()) {
                    return Optional.of(name);
                }
            } catch (IOException notAnswering) {
                // not this one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Waits until one aggregator instance is active and returns its name. */
    Optional<String> awaitActiveAggregator(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> active = activeAggregator();
            if (active.isPresent()) {
                return active;
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }

    /** The port of a service instance by its process name. */
    int portOf(String name) {
        for (int i = 0; i < settings.proposalServicePorts().size(); i++) {
            if (Settings.instanceName("proposal-service", i).equals(name)) {
                return settings.proposalServicePorts().get(i);
            }
        }
        for (int i = 0; i < settings.aggregatorPorts().size(); i++) {
            if (Settings.instanceName("vote-aggregator", i).equals(name)) {
                return settings.aggregatorPorts().get(i);
            }
        }
        throw new IllegalArgumentException("no service instance named " + name);
    }

    private void startService(String module, int index, int port) throws IOException {
        Path jar = settings.repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        // a small heap, the serial collector and the C1 compiler alone: a local network's services carry little
        // load, and their JIT time is most of their CPU on a two-core machine that also runs four nodes and agents
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port));
        command.add("-Dkafka.bootstrap.servers=" + broker.bootstrapServers());
        if (module.equals("vote-aggregator")) {
            // the run's own webhook: each alert is printed as it arrives and checked at the end
            command.addAll(List.of("-Dcutover.alerts.webhooks=" + alerts.url(), "-Dcutover.alerts.check-interval=1s"));
        }
        command.addAll(kafka.serviceArguments(module));
        command.add(others.isEmpty() ? "-Dcutover.network-file=" + run.networkFile()
                : "-Dcutover.networks=" + String.join(",", fleet().stream().map(n -> n.run.networkFile().toString()).toList()));
        command.addAll(List.of("-jar", jar.toString()));
        processes.start(Settings.instanceName(module, index), command, Map.of(), run.root());
    }

    void awaitHealthy(String name, int port) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!processes.isAlive(name)) {
                throw new IllegalStateException(name + " exited during start-up; see " + processes.logFile(name));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    out.println("    " + name + " ready");
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException(name + " not ready within 90 s; see " + processes.logFile(name));
    }

    CommandOutput runCommand(String logName, List<String> command) throws Exception {
        Path log = run.logs().resolve(logName + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s; see " + log);
        }
        return new CommandOutput(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    record CommandOutput(int exitCode, String text) {
    }

    private Path simNodeJar() throws IOException {
        Path target = settings.repositoryRoot().resolve("deploy/sim-node/target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("cutover-sim-node-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no sim-node jar in " + target + "; build it first"));
        }
    }

    private void step(String text) {
        out.println("==> " + text);
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Processes (or their children) still alive after {@link #close()}. */
    List<String> leftovers() {
        List<String> alive = new ArrayList<>(processes.leftovers());
        others.forEach(other -> alive.addAll(other.processes.leftovers()));
        if (broker != null && broker.isRunning()) {
            alive.add("kafka broker");
        }
        return alive;
    }

    @Override
    public void close() throws Exception {
        for (LocalNetwork other : others) {
            other.processes.close();
        }
        processes.close();
        if (observer != null) {
            observer.close();
        }
        if (artifactServer != null) {
            artifactServer.close();
        }
        if (alerts != null && others.stream().noneMatch(o -> o.alerts == alerts)) {
            alerts.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
