package io.cutover.agent.home;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
        Kafka kafka,
        Node node,
        Verification verification,
        Api api) {

    public AgentConfig {
        upgradeFolders = Map.copyOf(upgradeFolders);
    }

    /** Visor's [autoInstall]: Cutover downloads only from the approved URL of its own platform. */
    public record AutoInstall(boolean enabled, String repositoryOwner, String repository, String assetName, String binaryName) {
    }

    public record Network(Path file, String nodeName) {
    }

    public record Kafka(String bootstrapServers, Duration heartbeat, KafkaSecurity security) {

        /** bootstrap.servers plus the security settings: the base of every Kafka client of the agent. */
        public Properties clientProperties() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            props.putAll(security.clientProperties());
            return props;
        }
    }

    public enum HaltMode { ADMIN, OBSERVE }

    public record Node(String statusUrl, String heightPointer, HaltMode haltMode, String adminUrl, String snapshotArg,
            Duration pollInterval, Duration startTimeout, Duration healthyPeriod) {
    }

    public record Verification(boolean requireChecksum, Duration versionTimeout) {
    }

    public record Api(String host, int port) {
    }
}
