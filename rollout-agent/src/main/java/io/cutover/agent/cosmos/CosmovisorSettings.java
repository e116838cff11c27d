package io.cutover.agent.cosmos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Cosmovisor's settings (its DAEMON_* / COSMOVISOR_* / UNSAFE_SKIP_BACKUP variables or
 * {@code $DAEMON_HOME/cosmovisor/config.toml}) with every default applied, plus Cutover's own
 * CUTOVER_* additions. See "Replacing Cosmovisor" in rollout-agent/README.md for each one.
 */
public record CosmovisorSettings(
        Path daemonHome,
        String daemonName,
        boolean allowDownloadBinaries,
        boolean downloadMustHaveChecksum,
        boolean restartAfterUpgrade,
        Duration restartDelay,
        Duration shutdownGrace,
        Duration pollInterval,
        boolean unsafeSkipBackup,
        Path dataBackupDir,
        int preupgradeMaxRetries,
        String grpcAddress,
        boolean disableLogs,
        boolean colorLogs,
        String timeFormatLogs,
        String customPreupgrade,
        boolean disableRecase,
        Cutover cutover) {

    /**
     * Cutover's additions (CUTOVER_*): where the node's height and plan come from, the restart
     * budget, the backup's free-space reserve, and the optional Kafka reporting.
     */
    public record Cutover(
            String statusUrl,
            Optional<String> restAddress,
            Duration planPollInterval,
            int maxRestarts,
            Duration restartsDelay,
            Duration startTimeout,
            Duration healthyPeriod,
            boolean rollbackOnFailure,
            long backupKeepFreeBytes,
            boolean upgradeWithoutBackup,
            int apiPort,
            Optional<Reporting> reporting,
            String host) {
    }

    /**
     * Kafka reporting on rollout.status: on when CUTOVER_KAFKA_BOOTSTRAP_SERVERS is set.
     *
     * @param networkFile network.toml (CUTOVER_NETWORK_FILE): its validators' power counts the power back on a
     *                    new release, and recoveries the validators approve are read and applied
     */
    public record Reporting(String bootstrapServers, String chainId, String nodeName, Duration heartbeat, Optional<Path> networkFile) {
    }

    public CosmovisorLayout layout() {
        return new CosmovisorLayout(daemonHome, daemonName, disableRecase);
    }
}
