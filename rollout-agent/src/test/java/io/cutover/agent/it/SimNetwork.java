package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.cutover.agent.home.AgentHome;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.core.events.EventJson;
import io.cutover.core.events.Topics;
import io.cutover.core.proposal.ProposalId;
import io.cutover.core.tx.TransactionSigner;
import io.cutover.proto.v1.Approval;
import io.cutover.proto.v1.ApprovalStatus;
import io.cutover.proto.v1.RolloutPhase;
import io.cutover.proto.v1.RolloutStatus;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.simnode.Launcher;

/**
 * A four-validator test network: network.toml, signed approvals on the real broker, and agent
 * homes whose releases are simulated-node launchers (one file per release).
 */
public final class SimNetwork implements AutoCloseable {

    static final String PLATFORM = io.cutover.core.proposal.Platform.current();

    final String bootstrap;
    public final String chain;
    public final List<TransactionSigner> validators = new ArrayList<>();
    private final KafkaProducer<String, String> producer;

    /** Each test has its own chain, so that it sees only its own approvals on the shared broker. */
    public SimNetwork(String bootstrap, String chain) {
        this.bootstrap = bootstrap;
        this.chain = chain;
        Random random = new Random(2026);
        for (int i = 0; i < 4; i++) {
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            validators.add(new TransactionSigner(seed));
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    public String networkToml() {
        StringBuilder toml = new StringBuilder("chain_id = \"" + chain + "\"\ncurrent_release = \"v1.0.0\"\n");
        for (int i = 0; i < validators.size(); i++) {
            toml.append("[[validators]]\nname = \"validator-").append(i + 1).append("\"\npub_key = \"")
                    .append(validators.get(i).publicKeyHex()).append("\"\nvoting_power = 10\n");
        }
        return toml.toString();
    }

    /** config.toml's [network] (network.toml beside it) and [kafka] sections of agent {@code node} of this network. */
    String reporting(String node) {
        return """
                [network]
                file = "network.toml"
                nodeName = "%s"
                [kafka]
                bootstrapServers = "%s"
                heartbeatSeconds = 1
                """.formatted(node, bootstrap);
    }

    /** A home with genesis = sim-node v1.0.0 (a chain of one) and the given extra config lines; returns it. */
    Home home(Path dir, String node, String extraConfig) throws IOException {
        return home(dir, node, extraConfig, freePort(), List.of());
    }

    /** The home of {@code member} of an {@link AgentChain}: its node joins the chain of the peers file. */
    Home home(Path dir, AgentChain.Member member, String extraConfig) throws IOException {
        return home(dir, member.validator(), extraConfig, member.port(), member.chainArgs());
    }

    private Home home(Path dir, String node, String extraConfig, int port, List<String> chainArgs) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("network.toml"), networkToml());
        Files.writeString(dir.resolve("config.toml"), """
                maxNumberOfRestarts = 2
                restartsDelaySeconds = 0
                stopSignalTimeoutSeconds = 5
                %s
                %s
                [node]
                statusUrl = "http://127.0.0.1:%d/status"
                adminUrl = "http://127.0.0.1:%d/admin/halt"
                pollIntervalMillis = 20
                startTimeoutSeconds = 15
                [api]
                port = 0
                """.formatted(extraConfig, reporting(node), port, port));
        Home home = new Home(new AgentHome(dir), port, chainArgs);
        home.release("genesis", "v1.0.0", false);
        home.agentHome.pointCurrentAt("genesis");
        return home;
    }

    /** An agent home; as a host of an {@link AgentChain}, with its agent running in this JVM. */
    final class Home implements AgentChain.Host {
        final AgentHome agentHome;
        final int port;
        private final List<String> chainArgs;
        private RunningAgent agent;

        Home(AgentHome agentHome, int port, List<String> chainArgs) {
            this.agentHome = agentHome;
            this.port = port;
            this.chainArgs = chainArgs;
        }

        /** Starts the agent (and so its node) in this JVM; {@link #close()} stops it. */
        Home start() throws IOException {
            agent = RunningAgent.start(agentHome, Clock.systemUTC());
            return this;
        }

        RunningAgent agent() {
            return agent;
        }

        @Override
        public String stateText() throws IOException {
            return Files.exists(agentHome.state()) ? Files.readString(agentHome.state()) : "";
        }

        @Override
        public long nodeHeight() {
            return agent == null ? -1 : agent.agent().height();
        }

        @Override
        public void close() {
            if (agent != null) {
                agent.close();
            }
        }

        /** Writes release {@code tag} into folder {@code folder}; returns the launcher's SHA-256. */
        String release(String folder, String tag, boolean failOnStart) throws IOException {
            return release(folder, tag, failOnStart, false);
        }

        /** The same; {@code panicPastStart}: a release that starts at H and panics instead of making block H+1. */
        String release(String folder, String tag, boolean failOnStart, boolean panicPastStart) throws IOException {
            Path dir = Files.createDirectories(agentHome.root().resolve(folder));
            Path launcher = Launcher.write(tag, dir.resolve("sim-node"), simNodeJar(), failOnStart, panicPastStart);
            List<String> args = new ArrayList<>(List.of("run", "--home", agentHome.root().resolve("data").toString(), "--port",
                    Integer.toString(port), "--block-interval", "100ms"));
            args.addAll(chainArgs);
            Files.writeString(dir.resolve("run-config.toml"), """
                    name = "%s"
                    [vega.binary]
                      path = "sim-node"
                      args = [%s]
                    """.formatted(tag, String.join(", ", args.stream().map(a -> "\"" + a + "\"").toList())));
            return sha256(launcher);
        }
    }

    /** Publishes an approval signed by the first {@code signers} validators. */
    Approval approve(String tag, long height, String sha256, int signers) {
        return approve(tag, height, sha256, "", signers);
    }

    /** The same, with the URL the release is downloaded from where a host does not have it ("" for none). */
    Approval approve(String tag, long height, String sha256, String url, int signers) {
        List<ReleaseArtifact> artifacts = List.of(ReleaseArtifact.newBuilder().setPlatform(PLATFORM).setSha256(sha256).setUrl(url).build());
        InputData input = InputData.newBuilder().setNonce(1).setBlockHeight(1)
                .setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                        .setVegaReleaseTag(tag).setUpgradeBlockHeight(height).addAllArtifacts(artifacts)).build();
        Approval.Builder approval = Approval.newBuilder().setChainId(chain).setStatus(ApprovalStatus.APPROVAL_STATUS_APPROVED)
                .setProposalId(ProposalId.of(tag, height, artifacts)).setReleaseTag(tag).setHeight(height).addAllArtifacts(artifacts);
        for (int i = 0; i < signers; i++) {
            approval.addQuorumCertificate(validators.get(i).signV3(chain, input.toBuilder().setNonce(i + 1L).build()).toByteString());
        }
        return publish(approval.build());
    }

    Approval publish(Approval approval) {
        try {
            producer.send(new ProducerRecord<>(Topics.APPROVALS, Topics.approvalKey(chain, approval.getHeight()),
                    EventJson.write(approval))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return approval;
    }

    /** Every rollout.status record of {@code node} so far. */
    List<RolloutStatus> statuses(String node) throws Exception {
        return StatusRecords.of(bootstrap, chain, node);
    }

    /** Waits until {@code node} reported RUNNING with {@code recoveryId} on rollout.status, and checks it reported RECOVERING before. */
    public void awaitRecoveredAndReported(String node, String recoveryId) throws Exception {
        List<RolloutStatus> all = await().atMost(Duration.ofSeconds(20)).until(() -> statuses(node),
                records -> records.stream().anyMatch(r -> r.getPhase() == RolloutPhase.ROLLOUT_PHASE_RUNNING
                        && r.getRecoveryId().equals(recoveryId)));
        assertThat(all).as(node).anyMatch(r -> r.getPhase() == RolloutPhase.ROLLOUT_PHASE_RECOVERING
                && r.getRecoveryId().equals(recoveryId));
    }

    @Override
    public void close() {
        producer.close();
    }

    static Path simNodeJar() {
        try {
            return Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
