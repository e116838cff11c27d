package io.cutover.agent.home;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * config.toml with every default applied: Visor's keys plus Cutover's sections. See the
 * configuration table in rollout-agent/README.md; {@link AgentConfigParser} holds the defaults.
 */
public record AgentConfig(
        int maxNumberOfFirstConnectionRetries,
        int maxNumberOfRestartConnectionRetries,
        int maxNumberOfRestarts,
        Duration restartsDelay,
        Duration stopDelay,
        Duration stopSignalTimeout,
        boolean rollbackOnFailure,
        Map<String, String> upgradeFolders,
        AutoInstall autoInstall,
        Network network,
        Optional<Kafka> kafka,
        Node node,
        Verification verification,
        Api api,
        Upgrade upgrade) {

    public AgentConfig {
        upgradeFolders = Map.copyOf(upgradeFolders);
    }

    /**
     * Visor's [autoInstall]. The "cutover" source downloads only from the approved URL of its own
     * platform; the "vega-core" source looks the release up as Visor does, in the GitHub release API
     * at {@code apiBaseUrl} ({@code repositoryOwner/repository}, asset {@code assetName}).
     */
    public record AutoInstall(boolean enabled, String repositoryOwner, String repository, String assetName, String binaryName,
            String apiBaseUrl) {

        public AutoInstall(boolean enabled, String repositoryOwner, String repository, String assetName, String binaryName) {
            this(enabled, repositoryOwner, repository, assetName, binaryName, AgentConfigParser.DEFAULT_GITHUB_API);
        }
    }

    /**
     * @param file    network.toml (validators, chain id, threshold); required by the "cutover" source, optional otherwise
     * @param chainId the chain id to report under when there is no network file ({@code [network] chainId})
     * @param host    the host name reported on rollout.status ({@code [network] host}); empty: this machine's
     */
    public record Network(Optional<Path> file, String nodeName, Optional<String> chainId, Optional<String> host) {

        public Network(Optional<Path> file, String nodeName, Optional<String> chainId) {
            this(file, nodeName, chainId, Optional.empty());
        }
    }

    /**
     * Where the decision to upgrade comes from ({@code [upgrade] source}), and how often a source
     * that polls the chain asks it ({@code [upgrade] pollIntervalMillis}; Visor 2 s, Cosmovisor 300 ms),
     * and when a release is staged ({@code [upgrade] staging}).
     */
    public record Upgrade(Source source, Duration pollInterval, Staging staging) {

        public Upgrade(Source source, Duration pollInterval) {
            this(source, pollInterval, Staging.EARLY);
        }
    }

    /** When the agent downloads, verifies and unpacks the release it upgrades to. */
    public enum Staging {
        /** As soon as the upgrade is known, so that the node only stops and switches at the height (the default). */
        EARLY("early"),
        /**
         * Only once the node has halted at the height: the order of Visor and Cosmovisor, whose download
         * lies inside the chain's downtime. Slower by construction; it exists to measure that difference.
         */
        AT_HALT("at-halt");

        private final String key;

        Staging(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** The upgrade sources; see {@code io.cutover.agent.source.UpgradeSource}. */
    public enum Source {
        /** Cutover's own approvals on upgrade.approvals, quorum certificate verified (the default). */
        CUTOVER("cutover"),
        /** The Vega core's protocol upgrade, learnt from its admin JSON-RPC as Visor does. */
        VEGA_CORE("vega-core"),
        /** A Cosmos SDK upgrade plan, learnt from data/upgrade-info.json as Cosmovisor does. */
        COSMOS("cosmos");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        /** The value of {@code [upgrade] source}. */
        public String key() {
            return key;
        }

        /** Only Cutover approvals carry a signed SHA-256 for every release; a chain's own upgrade may not. */
        public boolean requiresChecksumByDefault() {
            return this == CUTOVER;
        }
    }

    /** How often the status is re-published and state.json re-written for a new height alone. */
    public Duration heartbeat() {
        return kafka.map(Kafka::heartbeat).orElse(Duration.ofSeconds(AgentConfigParser.DEFAULT_HEARTBEAT_SECONDS));
    }

    public record Kafka(String bootstrapServers, Duration heartbeat, KafkaSecurity security) {

        /**
         * bootstrap.servers plus the security settings: the base of every Kafka client of the agent.
         * The clients' own metrics are neither registered as JMX MBeans nor pushed to the broker: the
         * agent reports through its API and rollout.status, and both cost memory in this small process
         * (docs/performance.md, "Agent memory and start-up").
         */
        public Properties clientProperties() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            props.put("metric.reporters", "");
            props.put("enable.metrics.push", "false");
            props.putAll(security.clientProperties());
            return props;
        }
    }

    public enum HaltMode { ADMIN, OBSERVE }

    public record Node(String statusUrl, String heightPointer, HaltMode haltMode, String adminUrl, String snapshotArg,
            Duration pollInterval, Duration startTimeout, Duration healthyPeriod) {
    }

    /**
     * @param pinnedSha256 {@code [verification.sha256] "<tag>" = "<hex>"}: the operator's SHA-256 of a
     *                     release's binary (or downloaded artifact) for this host's platform
     */
    public record Verification(boolean requireChecksum, Duration versionTimeout, Map<String, String> pinnedSha256) {

        public Verification {
            pinnedSha256 = Map.copyOf(pinnedSha256);
        }

        public Verification(boolean requireChecksum, Duration versionTimeout) {
            this(requireChecksum, versionTimeout, Map.of());
        }
    }

    public record Api(String host, int port) {
    }
}
