package io.cutover.agent.cosmos;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes settings as Cosmovisor's {@code config.toml} (keys = the variables lower-cased; durations
 * as Go durations, which the reader accepts as well as integer nanoseconds).
 */
public final class CosmovisorSettingsFile {

    private CosmovisorSettingsFile() {
    }

    public static String toToml(CosmovisorSettings s) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("daemon_home", s.daemonHome().toString());
        keys.put("daemon_name", s.daemonName());
        keys.put("daemon_allow_download_binaries", s.allowDownloadBinaries());
        keys.put("daemon_download_must_have_checksum", s.downloadMustHaveChecksum());
        keys.put("daemon_restart_after_upgrade", s.restartAfterUpgrade());
        keys.put("daemon_restart_delay", s.restartDelay());
        keys.put("daemon_shutdown_grace", s.shutdownGrace());
        keys.put("daemon_poll_interval", s.pollInterval());
        keys.put("unsafe_skip_backup", s.unsafeSkipBackup());
        keys.put("daemon_data_backup_dir", s.dataBackupDir().toString());
        keys.put("daemon_preupgrade_max_retries", s.preupgradeMaxRetries());
        keys.put("daemon_grpc_address", s.grpcAddress());
        keys.put("cosmovisor_disable_logs", s.disableLogs());
        keys.put("cosmovisor_color_logs", s.colorLogs());
        keys.put("cosmovisor_timeformat_logs", s.timeFormatLogs());
        keys.put("cosmovisor_custom_preupgrade", s.customPreupgrade());
        keys.put("cosmovisor_disable_recase", s.disableRecase());
        StringBuilder out = new StringBuilder("# Cosmovisor settings (rollout-agent cosmovisor); environment variables override these keys\n");
        keys.forEach((k, v) -> out.append(k).append(" = ").append(value(v)).append('\n'));
        return out.toString();
    }

    private static String value(Object v) {
        if (v instanceof Duration d) {
            return quote(d.isZero() ? "" : GoDuration.format(d));
        }
        if (v instanceof Boolean || v instanceof Integer) {
            return v.toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
