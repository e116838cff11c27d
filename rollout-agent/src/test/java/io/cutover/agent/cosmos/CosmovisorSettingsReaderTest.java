package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.runtime.HostName;
import io.cutover.core.config.ConfigResult;

class CosmovisorSettingsReaderTest {

    @TempDir
    Path home;

    private Map<String, String> env() throws Exception {
        Files.createDirectories(home.resolve("cosmovisor"));
        Map<String, String> env = new HashMap<>();
        env.put("DAEMON_HOME", home.toString());
        env.put("DAEMON_NAME", "gaiad");
        return env;
    }

    private CosmovisorSettings valid(Map<String, String> env) {
        ConfigResult<CosmovisorSettings> read = CosmovisorSettingsReader.read(env, Optional.empty(), true);
        assertThat(read).isInstanceOf(ConfigResult.Valid.class);
        return read.orThrow();
    }

    private String problems(Map<String, String> env) {
        ConfigResult<CosmovisorSettings> read = CosmovisorSettingsReader.read(env, Optional.empty(), true);
        assertThat(read).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid<CosmovisorSettings>) read).describe();
    }

    @Test
    void appliesCosmovisorsDefaultsExceptTheUnsafeOnes() throws Exception {
        CosmovisorSettings s = valid(env());
        assertThat(s.allowDownloadBinaries()).isFalse();
        assertThat(s.downloadMustHaveChecksum()).as("Cutover: checksum required by default").isTrue();
        assertThat(s.restartAfterUpgrade()).isTrue();
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.shutdownGrace()).as("unset: SIGKILL at once, as Cosmovisor").isZero();
        assertThat(s.restartDelay()).isZero();
        assertThat(s.dataBackupDir()).isEqualTo(home);
        assertThat(s.grpcAddress()).isEqualTo("localhost:9090");
        assertThat(s.preupgradeMaxRetries()).isZero();
        assertThat(s.timeFormatLogs()).isEqualTo("kitchen");
        assertThat(s.cutover().reporting()).isEmpty();
        assertThat(s.cutover().host()).isEqualTo(HostName.local());
    }

    @Test
    void readsEveryVariable() throws Exception {
        Map<String, String> env = env();
        env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "TRUE");
        env.put("DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM", "false");
        env.put("DAEMON_RESTART_AFTER_UPGRADE", "false");
        env.put("DAEMON_RESTART_DELAY", "2s");
        env.put("DAEMON_SHUTDOWN_GRACE", "1m");
        env.put("DAEMON_POLL_INTERVAL", "100ms");
        env.put("UNSAFE_SKIP_BACKUP", "true");
        env.put("DAEMON_DATA_BACKUP_DIR", home.toString());
        env.put("DAEMON_PREUPGRADE_MAX_RETRIES", "3");
        env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:19090");
        env.put("COSMOVISOR_DISABLE_LOGS", "true");
        env.put("COSMOVISOR_COLOR_LOGS", "false");
        env.put("COSMOVISOR_TIMEFORMAT_LOGS", "rfc3339");
        env.put("COSMOVISOR_CUSTOM_PREUPGRADE", "pre.sh");
        env.put("COSMOVISOR_DISABLE_RECASE", "true");
        env.put("CUTOVER_KAFKA_BOOTSTRAP_SERVERS", "k:9092");
        env.put("CUTOVER_CHAIN_ID", "cosmoshub-4");
        env.put("CUTOVER_NODE_NAME", "val-7");
        env.put("CUTOVER_HOST", "box-7");
        env.put("CUTOVER_BACKUP_KEEP_FREE", "512MiB");
        env.put("CUTOVER_NETWORK_FILE", "/etc/cutover/network.toml");
        CosmovisorSettings s = valid(env);
        assertThat(s.allowDownloadBinaries()).isTrue();
        assertThat(s.downloadMustHaveChecksum()).isFalse();
        assertThat(s.restartAfterUpgrade()).isFalse();
        assertThat(s.restartDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(s.unsafeSkipBackup()).isTrue();
        assertThat(s.preupgradeMaxRetries()).isEqualTo(3);
        assertThat(s.grpcAddress()).isEqualTo("127.0.0.1:19090");
        assertThat(s.disableLogs()).isTrue();
        assertThat(s.colorLogs()).isFalse();
        assertThat(s.timeFormatLogs()).isEqualTo("rfc3339");
        assertThat(s.customPreupgrade()).isEqualTo("pre.sh");
        assertThat(s.disableRecase()).isTrue();
        assertThat(s.cutover().backupKeepFreeBytes()).isEqualTo(512L << 20);
        assertThat(s.cutover().host()).isEqualTo("box-7");
        assertThat(s.cutover().reporting()).hasValueSatisfying(r -> {
            assertThat(r.chainId()).isEqualTo("cosmoshub-4");
            assertThat(r.nodeName()).isEqualTo("val-7");
            assertThat(r.networkFile()).contains(Path.of("/etc/cutover/network.toml"));
        });
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheVariable() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DAEMON_HOME", "relative/home");
        env.put("DAEMON_ALLOW_DOWNLOAD_BINARIES", "yes");
        env.put("DAEMON_RESTART_DELAY", "0s");
        env.put("DAEMON_SHUTDOWN_GRACE", "10");
        env.put("DAEMON_POLL_INTERVAL", "-1s");
        env.put("DAEMON_PREUPGRADE_MAX_RETRIES", "many");
        env.put("DAEMON_DATA_BACKUP_DIR", home.resolve("missing").toString());
        env.put("COSMOVISOR_TIMEFORMAT_LOGS", "iso");
        env.put("CUTOVER_KAFKA_BOOTSTRAP_SERVERS", "k:9092");
        env.put("CUTOVER_BACKUP_KEEP_FREE", "lots");
        String problems = problems(env);
        assertThat(problems).contains("11 problems",
                "DAEMON_HOME: must be an absolute path",
                "DAEMON_NAME: is required",
                "DAEMON_ALLOW_DOWNLOAD_BINARIES: must be true or false, found \"yes\"",
                "DAEMON_RESTART_DELAY: must be greater than 0 when set",
                "DAEMON_SHUTDOWN_GRACE: must be a duration",
                "DAEMON_POLL_INTERVAL: must be greater than 0",
                "DAEMON_PREUPGRADE_MAX_RETRIES: must be a whole number",
                "DAEMON_DATA_BACKUP_DIR: folder",
                "COSMOVISOR_TIMEFORMAT_LOGS: must be one of",
                "CUTOVER_CHAIN_ID: is required with CUTOVER_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(problems).contains("CUTOVER_BACKUP_KEEP_FREE");
    }

    @Test
    void aNetworkFileWithoutKafkaIsAProblem() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("DAEMON_HOME", home.toString(), "DAEMON_NAME", "simd",
                "CUTOVER_NETWORK_FILE", "network.toml"));
        assertThat(problems(env)).contains("CUTOVER_NETWORK_FILE: needs CUTOVER_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void asksTheNodeWhereItsOwnHomeSaysItListensUnlessTheVariablesSayOtherwise() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/config.toml"), "[rpc]\nladdr = \"tcp://0.0.0.0:36657\"\n");
        Files.writeString(home.resolve("config/app.toml"), "[api]\nenable = true\naddress = \"tcp://localhost:2317\"\n"
                + "[grpc]\nenable = true\naddress = \"0.0.0.0:19190\"\n");
        CosmovisorSettings s = valid(env());
        assertThat(s.cutover().statusUrl()).isEqualTo("http://127.0.0.1:36657/status");
        assertThat(s.grpcAddress()).isEqualTo("127.0.0.1:19190");
        assertThat(s.cutover().restAddress()).as("gRPC is what Cosmovisor asks").isEmpty();

        Files.writeString(home.resolve("config/app.toml"), "[api]\nenable = true\naddress = \"tcp://localhost:2317\"\n"
                + "[grpc]\nenable = false\naddress = \"0.0.0.0:19190\"\n");
        assertThat(valid(env()).cutover().restAddress()).as("gRPC off: the REST API").hasValue("http://localhost:2317");

        Map<String, String> env = new HashMap<>(env());
        env.put("CUTOVER_NODE_STATUS_URL", "http://127.0.0.1:1/status");
        env.put("DAEMON_GRPC_ADDRESS", "127.0.0.1:2");
        s = valid(env);
        assertThat(s.cutover().statusUrl()).isEqualTo("http://127.0.0.1:1/status");
        assertThat(s.grpcAddress()).isEqualTo("127.0.0.1:2");
        assertThat(s.cutover().restAddress()).isEmpty();

        Files.writeString(home.resolve("config/config.toml"), "[rpc]\nladdr = \"unix:///run/node.sock\"\n");
        Files.delete(home.resolve("config/app.toml"));
        s = valid(env());
        assertThat(s.cutover().statusUrl()).as("no RPC the agent can ask: the halt is upgrade-info.json alone").isEmpty();
        assertThat(s.grpcAddress()).isEqualTo("localhost:9090");
    }

    @Test
    void requiresTheCosmovisorFolderForRun() {
        Map<String, String> env = Map.of("DAEMON_HOME", home.toString(), "DAEMON_NAME", "gaiad");
        assertThat(problems(env)).contains("DAEMON_HOME: cosmovisor folder", "cosmovisor init");
        assertThat(CosmovisorSettingsReader.read(env, Optional.empty(), false)).isInstanceOf(ConfigResult.Valid.class);
    }

    @Test
    void readsConfigTomlWithTheEnvironmentOverridingIt() throws Exception {
        Map<String, String> env = env();
        Files.writeString(home.resolve("cosmovisor/config.toml"), """
                daemon_name = "fromfile"
                daemon_poll_interval = 300000000
                daemon_shutdown_grace = "30s"
                daemon_allow_download_binaries = true
                daemon_preupgrade_max_retries = 2
                """);
        CosmovisorSettings s = valid(env);
        assertThat(s.daemonName()).as("the environment wins").isEqualTo("gaiad");
        assertThat(s.pollInterval()).as("integer nanoseconds").isEqualTo(Duration.ofMillis(300));
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.allowDownloadBinaries()).isTrue();
        assertThat(s.preupgradeMaxRetries()).isEqualTo(2);
    }

    @Test
    void namesTheFileWhenTheGivenConfigIsMissingOrBroken() throws Exception {
        Map<String, String> env = env();
        ConfigResult<CosmovisorSettings> missing = CosmovisorSettingsReader.read(env, Optional.of(home.resolve("nope.toml")), true);
        assertThat(((ConfigResult.Invalid<CosmovisorSettings>) missing).describe()).contains("--cosmovisor-config", "nope.toml");
        Path broken = Files.writeString(home.resolve("broken.toml"), "daemon_name = \n");
        ConfigResult<CosmovisorSettings> bad = CosmovisorSettingsReader.read(env, Optional.of(broken), true);
        assertThat(((ConfigResult.Invalid<CosmovisorSettings>) bad).describe()).contains("broken.toml", "line 1");
    }

    @Test
    void theWrittenConfigReadsBackTheSame() throws Exception {
        Map<String, String> env = env();
        env.put("DAEMON_SHUTDOWN_GRACE", "1m30s");
        env.put("DAEMON_RESTART_DELAY", "5s");
        CosmovisorSettings s = valid(env);
        Files.writeString(home.resolve("cosmovisor/config.toml"), CosmovisorSettingsFile.toToml(s));
        CosmovisorSettings back = valid(Map.of("DAEMON_HOME", home.toString()));
        assertThat(back.daemonName()).isEqualTo("gaiad");
        assertThat(back.shutdownGrace()).isEqualTo(Duration.ofSeconds(90));
        assertThat(back.restartDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(back.downloadMustHaveChecksum()).isTrue();
    }
}
