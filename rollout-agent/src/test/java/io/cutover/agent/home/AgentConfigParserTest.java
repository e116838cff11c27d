package io.cutover.agent.home;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;

class AgentConfigParserTest {

    @TempDir
    Path home;

    @BeforeEach
    void networkFile() throws Exception {
        Files.writeString(home.resolve("network.toml"), "chain_id = \"c\"\n");
    }

    @Test
    void aConfigWithMissingKeysGetsEveryDocumentedDefault() {
        AgentConfig c = parse("[network]\nfile = \"network.toml\"\n").orThrow();
        assertThat(c.maxNumberOfFirstConnectionRetries()).isEqualTo(175000);
        assertThat(c.maxNumberOfRestartConnectionRetries()).isEqualTo(10);
        assertThat(c.maxNumberOfRestarts()).isEqualTo(3);
        assertThat(c.restartsDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.stopDelay()).isZero();
        assertThat(c.stopSignalTimeout()).as("a missing key gets the documented default under the cutover source").isEqualTo(Duration.ofSeconds(15));
        assertThat(c.rollbackOnFailure()).isFalse();
        assertThat(c.autoInstall()).isEqualTo(new AgentConfig.AutoInstall(true, "vegaprotocol", "vega", "vega-linux-amd64.zip", "vega",
                "https://api.github.com"));
        assertThat(c.network()).isEqualTo(new AgentConfig.Network(Optional.of(home.resolve("network.toml")), "validator-1", Optional.empty()));
        assertThat(c.kafka().orElseThrow().bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.node().statusUrl()).isEqualTo("http://127.0.0.1:26657/status");
        assertThat(c.node().heightPointer()).isEqualTo("/result/sync_info/latest_block_height");
        assertThat(c.node().haltMode()).isEqualTo(AgentConfig.HaltMode.ADMIN);
        assertThat(c.node().adminUrl()).isEqualTo("http://127.0.0.1:26658/admin/halt");
        assertThat(c.node().snapshotArg()).isEqualTo("--snapshot.load-from-block-height");
        assertThat(c.verification().requireChecksum()).isTrue();
        assertThat(c.api()).isEqualTo(new AgentConfig.Api("127.0.0.1", 8090));
    }

    @Test
    void aVisorConfigRunsUnchanged() {
        String visor = VisorInit.KEYS + """

                [upgradeFolders]
                  "vX.X.X" = "vX.X.X"
                  "v0.79.0" = "release-79"

                [autoInstall]
                  enabled = true
                  repositoryOwner = "vegaprotocol"
                  repository = "vega"
                  [autoInstall.asset]
                    name = "vega-linux-amd64.zip"
                    binaryName = "vega"
                [network]
                  file = "network.toml"
                """;
        AgentConfig c = parse(visor).orThrow();
        assertThat(c.upgradeFolders()).containsEntry("v0.79.0", "release-79").containsEntry("vX.X.X", "vX.X.X");
    }

    @Test
    void aBrokenConfigListsEveryErrorWithItsKeyPath() {
        String broken = """
                maxNumberOfRestarts = -1
                stopSignalTimeoutSeconds = "soon"
                rollbackOnFailure = "yes"
                [upgradeFolders]
                  "v1.0.0" = "../../etc"
                [network]
                  file = "missing.toml"
                  nodeName = ""
                [node]
                  haltMode = "pray"
                  statusUrl = "localhost:26657"
                  heightPointer = "result.height"
                [api]
                  port = 70000
                """;
        ConfigResult<AgentConfig> result = parse(broken);
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        ConfigResult.Invalid<AgentConfig> invalid = (ConfigResult.Invalid<AgentConfig>) result;
        assertThat(invalid.problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "maxNumberOfRestarts", "stopSignalTimeoutSeconds", "rollbackOnFailure", "upgradeFolders.\"v1.0.0\"",
                "network.file", "network.nodeName", "node.haltMode", "node.statusUrl", "node.heightPointer", "api.port");
        assertThat(invalid.describe()).contains("has 10 problems");
    }

    @Test
    void aBadCheckpointSectionIsReportedWithTheRest() {
        assertThat(problems("[network]\nfile = \"network.toml\"\n[checkpoint]\nstrategy = \"snapshot\"\nkeep = -1\n"))
                .containsExactlyInAnyOrder("checkpoint.strategy", "checkpoint.keep");
    }

    @Test
    void theUpgradeSourceIsCutoverByDefaultAndNeedsTheNetworkFileAndKafka() {
        AgentConfig c = parse("[network]\nfile = \"network.toml\"\n").orThrow();
        assertThat(c.upgrade()).isEqualTo(new AgentConfig.Upgrade(AgentConfig.Source.CUTOVER, Duration.ofMillis(250)));
        assertThat(problems("[upgrade]\nsource = \"cutover\"\n[network]\nfile = \"missing.toml\"\n[kafka]\nbootstrapServers = \"\"\n"))
                .containsExactlyInAnyOrder("network.file", "kafka.bootstrapServers");
        assertThat(problems("[upgrade]\nsource = \"visor\"\n[network]\nfile = \"network.toml\"\n")).containsExactly("upgrade.source");
    }

    @Test
    void stagingIsEarlyByDefaultAndAtTheHaltOnlyWhenAsked() {
        assertThat(parse("[network]\nfile = \"network.toml\"\n").orThrow().upgrade().staging()).isEqualTo(AgentConfig.Staging.EARLY);
        assertThat(parse("[upgrade]\nstaging = \"at-halt\"\n[network]\nfile = \"network.toml\"\n").orThrow().upgrade().staging())
                .isEqualTo(AgentConfig.Staging.AT_HALT);
        assertThat(problems("[upgrade]\nstaging = \"late\"\n[network]\nfile = \"network.toml\"\n")).containsExactly("upgrade.staging");
    }

    @Test
    void aChainSourceRunsWithoutNetworkFileAndWithoutKafka() {
        for (String source : List.of("vega-core", "cosmos")) {
            AgentConfig alone = parse("[upgrade]\nsource = \"" + source + "\"\n").orThrow();
            assertThat(alone.upgrade().source().key()).isEqualTo(source);
            assertThat(alone.network().file()).isEmpty();
            assertThat(alone.kafka()).as("no [kafka]: no Kafka at all").isEmpty();
            assertThat(alone.verification().requireChecksum()).as("a Visor/Cosmovisor home runs unchanged").isFalse();
            assertThat(alone.heartbeat()).isEqualTo(Duration.ofSeconds(10));
            assertThat(parse("[upgrade]\nsource = \"" + source + "\"\n[kafka]\nbootstrapServers = \"\"\n").orThrow().kafka())
                    .as("an empty bootstrapServers is no Kafka either").isEmpty();
        }
        AgentConfig withKafka = parse("[upgrade]\nsource = \"vega-core\"\n[network]\nchainId = \"vega-mainnet-0011\"\nhost = \"box-7\"\n"
                + "[kafka]\nbootstrapServers = \"kafka:9092\"\n[verification]\nrequireChecksum = true\n").orThrow();
        assertThat(withKafka.kafka().orElseThrow().bootstrapServers()).isEqualTo("kafka:9092");
        assertThat(withKafka.network().chainId()).contains("vega-mainnet-0011");
        assertThat(withKafka.network().host()).contains("box-7");
        assertThat(withKafka.verification().requireChecksum()).isTrue();
        assertThat(problems("[upgrade]\nsource = \"vega-core\"\n[kafka]\nbootstrapServers = \"kafka:9092\"\n"))
                .as("statuses are keyed by chain: without network.toml the chain id must be given").containsExactly("network.chainId");
        assertThat(problems("[upgrade]\nsource = \"vega-core\"\n[network]\nfile = \"missing.toml\"\n"))
                .as("a network file that is named must exist").containsExactly("network.file");
        assertThat(parse("[upgrade]\nsource = \"vega-core\"\n[network]\nfile = \"network.toml\"\n").orThrow().network().file())
                .contains(home.resolve("network.toml"));
    }

    @Test
    void pinnedChecksumsAndTheReleaseApiAreRead() {
        AgentConfig c = parse("[network]\nfile = \"network.toml\"\n[autoInstall]\napiBaseUrl = \"http://127.0.0.1:9/gh\"\n"
                + "[verification.sha256]\n\"v0.79.0\" = \"" + "a".repeat(64) + "\"\n").orThrow();
        assertThat(c.verification().pinnedSha256()).containsExactly(java.util.Map.entry("v0.79.0", "a".repeat(64)));
        assertThat(c.autoInstall().apiBaseUrl()).isEqualTo("http://127.0.0.1:9/gh");
        assertThat(parse("[network]\nfile = \"network.toml\"\n").orThrow().autoInstall().apiBaseUrl()).isEqualTo("https://api.github.com");
        assertThat(problems("[network]\nfile = \"network.toml\"\n[autoInstall]\napiBaseUrl = \"github\"\n"
                + "[verification.sha256]\n\"v0.79.0\" = \"ABC\"\n"))
                .containsExactlyInAnyOrder("autoInstall.apiBaseUrl", "verification.sha256.\"v0.79.0\"");
    }

    private List<String> problems(String toml) {
        return ((ConfigResult.Invalid<AgentConfig>) parse(toml)).problems().stream().map(ConfigProblem::key).toList();
    }

    @Test
    void kafkaSaslScramOverTlsBecomesClientProperties() throws Exception {
        Files.writeString(home.resolve("kafka.password"), "s3cr\"et\n");
        Files.writeString(home.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        AgentConfig c = parse("""
                [network]
                  file = "network.toml"
                [kafka]
                  bootstrapServers = "kafka:9093"
                  securityProtocol = "SASL_SSL"
                  saslMechanism = "SCRAM-SHA-512"
                  username = "validator-1"
                  passwordFile = "kafka.password"
                  caFile = "ca.pem"
                """).orThrow();
        assertThat(c.kafka().orElseThrow().security().toString()).doesNotContain("s3cr");
        assertThat(c.kafka().orElseThrow().clientProperties())
                .containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"validator-1\" password=\"s3cr\\\"et\";")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", home.resolve("ca.pem").toString())
                .doesNotContainKey("ssl.keystore.location");
    }

    @Test
    void plaintextKafkaIsTheDefault() {
        AgentConfig c = parse("[network]\nfile = \"network.toml\"\n").orThrow();
        assertThat(c.kafka().orElseThrow().clientProperties())
                .containsOnlyKeys("bootstrap.servers", "security.protocol", "metric.reporters", "enable.metrics.push")
                .containsEntry("security.protocol", "PLAINTEXT");
    }

    @Test
    void kafkaClientMetricsStayInTheClient() {
        AgentConfig c = parse("[network]\nfile = \"network.toml\"\n").orThrow();
        assertThat(c.kafka().orElseThrow().clientProperties())
                .containsEntry("metric.reporters", "")
                .containsEntry("enable.metrics.push", "false");
    }

    @Test
    void badKafkaSecurityListsEveryProblem() {
        ConfigResult<AgentConfig> result = parse("""
                [network]
                  file = "network.toml"
                [kafka]
                  securityProtocol = "SASL_SSL"
                  saslMechanism = "GSSAPI"
                  caFile = "missing-ca.pem"
                  keyStoreFile = "missing-key.pem"
                """);
        assertThat(((ConfigResult.Invalid<AgentConfig>) result).problems()).extracting(ConfigProblem::key).containsExactlyInAnyOrder(
                "kafka.saslMechanism", "kafka.username", "kafka.passwordFile", "kafka.caFile", "kafka.keyStoreFile");
        assertThat(parse("[network]\nfile = \"network.toml\"\n[kafka]\nsecurityProtocol = \"SASL\"\n"))
                .isInstanceOf(ConfigResult.Invalid.class);
    }

    @Test
    void aTomlSyntaxErrorIsReportedWithItsLine() {
        ConfigResult<AgentConfig> result = parse("[network]\nfile = \"network.toml\"\nmaxNumberOfRestarts = = 3\n");
        assertThat(((ConfigResult.Invalid<AgentConfig>) result).problems()).extracting(ConfigProblem::key).contains("line 3");
    }

    @Test
    void initWritesAConfigThatParsesToTheDefaults() throws Exception {
        AgentHome agentHome = new AgentHome(home.resolve("new"));
        HomeInitializer.init(agentHome);
        String written = Files.readString(agentHome.config()).replace("/etc/cutover/network.toml", home.resolve("network.toml").toString());
        AgentConfig fromInit = AgentConfigParser.parse(written, "config.toml", agentHome.root()).orThrow();
        AgentConfig defaults = parse("[network]\nfile = \"" + home.resolve("network.toml") + "\"\n").orThrow();
        assertThat(fromInit).isEqualTo(defaults);
        assertThat(agentHome.currentRelease()).isEqualTo("genesis");
        assertThat(RunConfig.read(agentHome.release("genesis")).orThrow().node().path()).isEqualTo("vega");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> HomeInitializer.init(agentHome)))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void initForVegaCoreWithADataNodeWritesAHomeThatRunsWithoutNetworkTomlOrKafka() throws Exception {
        AgentHome agentHome = new AgentHome(home.resolve("visor-like"));
        HomeInitializer.init(agentHome, AgentConfig.Source.VEGA_CORE, true);
        AgentConfig config = AgentConfigParser.read(agentHome.root()).orThrow();
        assertThat(config.upgrade().source()).isEqualTo(AgentConfig.Source.VEGA_CORE);
        assertThat(config.network().file()).isEmpty();
        assertThat(config.kafka()).isEmpty();
        assertThat(config.verification().requireChecksum()).isFalse();
        assertThat(config.maxNumberOfFirstConnectionRetries()).isEqualTo(175000);
        RunConfig run = RunConfig.read(agentHome.release("genesis")).orThrow();
        assertThat(run.dataNode()).hasValueSatisfying(d -> assertThat(d.args()).startsWith("datanode", "start"));
    }

    @Test
    void currentIsRepointedAtomically() throws Exception {
        AgentHome agentHome = new AgentHome(home);
        Files.createDirectories(home.resolve("genesis"));
        Files.createDirectories(home.resolve("v1.1.0"));
        agentHome.pointCurrentAt("genesis");
        agentHome.pointCurrentAt("v1.1.0");
        assertThat(agentHome.currentRelease()).isEqualTo("v1.1.0");
        assertThat(Files.readSymbolicLink(agentHome.current())).isEqualTo(Path.of("v1.1.0"));
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".current-"));
        }
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> agentHome.pointCurrentAt("../x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void underVegaCoreAMissingVisorKeyReadsAsVisorReadsIt() {
        AgentConfig bare = parse("[upgrade]\nsource = \"vega-core\"\n").orThrow();
        assertThat(bare.maxNumberOfFirstConnectionRetries()).isZero();
        assertThat(bare.maxNumberOfRestartConnectionRetries()).isZero();
        assertThat(bare.maxNumberOfRestarts()).isZero();
        assertThat(bare.restartsDelay()).isZero();
        assertThat(bare.stopDelay()).isZero();
        assertThat(bare.stopSignalTimeout()).isZero();
        assertThat(bare.upgradeFolders()).isEmpty();
        assertThat(bare.autoInstall()).as("no [autoInstall]: no downloads")
                .isEqualTo(new AgentConfig.AutoInstall(false, "", "", "", "", "https://api.github.com"));
        assertThat(bare.upgrade().staging()).as("Cutover keeps staging early").isEqualTo(AgentConfig.Staging.EARLY);

        AgentConfig noEnabled = parse("[upgrade]\nsource = \"vega-core\"\n[autoInstall]\nrepositoryOwner = \"vegaprotocol\"\n"
                + "[autoInstall.asset]\nname = \"vega-linux-amd64\"\n").orThrow();
        assertThat(noEnabled.autoInstall().enabled()).as("enabled missing is false, as in Visor").isFalse();
        assertThat(noEnabled.autoInstall().binaryName()).as("no binaryName: the asset itself is the binary").isEqualTo("vega-linux-amd64");
        assertThat(noEnabled.autoInstall().repository()).isEmpty();
    }

    @Test
    void zeroValuesOfVisorKeysThatChangeWhatHappensAreSaidAtStartUp() {
        assertThat(VisorKeyDefaults.zeroValueNotes(parse("[upgrade]\nsource = \"vega-core\"\n").orThrow()))
                .hasSize(5).anyMatch(n -> n.startsWith("maxNumberOfRestarts is 0 (a missing key reads as 0, as in Visor"))
                .anyMatch(n -> n.startsWith("autoInstall.enabled is false"));
        String visorInit = VisorInit.KEYS + """
                [upgrade]
                  source = "vega-core"
                [autoInstall]
                  enabled = true
                """;
        assertThat(VisorKeyDefaults.zeroValueNotes(parse(visorInit).orThrow())).isEmpty();
        assertThat(VisorKeyDefaults.zeroValueNotes(parse("[network]\nfile = \"network.toml\"\n").orThrow())).isEmpty();
    }

    @Test
    void stopSignalTimeoutZeroMeansSigkillRightAfterSigterm() {
        assertThat(parse("stopSignalTimeoutSeconds = 0\n[network]\nfile = \"network.toml\"\n").orThrow().stopSignalTimeout()).isZero();
        assertThat(problems("stopSignalTimeoutSeconds = -1\n[network]\nfile = \"network.toml\"\n")).containsExactly("stopSignalTimeoutSeconds");
    }

    @Test
    void upgradeFoldersArePathsUnderTheHomeSubFoldersIncluded() {
        AgentConfig c = parse("""
                [upgrade]
                  source = "vega-core"
                [upgradeFolders]
                  "v0.78.0" = "releases/v0.78.0"
                  "v0.79.0" = "./releases/v0.79.0/"
                  "v0.80.0" = "%s"
                  "v0.81.0" = "v0.81.0"
                """.formatted(home.resolve("abs/v0.80.0"))).orThrow();
        assertThat(c.upgradeFolders()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("v0.78.0", "releases/v0.78.0",
                "v0.79.0", "releases/v0.79.0", "v0.80.0", "abs/v0.80.0", "v0.81.0", "v0.81.0"));
        assertThat(problems("""
                [upgrade]
                  source = "vega-core"
                [upgradeFolders]
                  "a" = "../elsewhere"
                  "b" = "/etc/vega"
                  "c" = ".cutover/x"
                  "d" = "."
                  "e" = ""
                """)).containsExactlyInAnyOrder("upgradeFolders.\"a\"", "upgradeFolders.\"b\"", "upgradeFolders.\"c\"",
                "upgradeFolders.\"d\"", "upgradeFolders.\"e\"");
    }

    @Test
    void theOldAutoInstallAssetsLayoutIsRefusedNamingTheKeyAndTheNewLayout() {
        ConfigResult<AgentConfig> old = parse("""
                [upgrade]
                  source = "vega-core"
                [autoInstall]
                  enabled = true
                  repositoryOwner = "vegaprotocol"
                  repository = "vega"
                  [autoInstall.assets]
                    [autoInstall.assets.vega]
                      asset_name = "vega-linux-amd64.zip"
                      binary_name = "vega"
                    [autoInstall.assets.data_node]
                      asset_name = "data-node-linux-amd64.zip"
                      binary_name = "data-node"
                """);
        List<ConfigProblem> problems = ((ConfigResult.Invalid<AgentConfig>) old).problems();
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("autoInstall.assets");
        assertThat(problems.get(0).message()).contains("[autoInstall.asset]")
                .contains("name = \"vega-linux-amd64.zip\" binaryName = \"vega\"");
    }

    @Test
    void binaryNameIsAPathInsideTheReleaseArchive() {
        String config = "[network]\nfile = \"network.toml\"\n[autoInstall.asset]\nbinaryName = \"%s\"\n";
        assertThat(parse(config.formatted("vega-linux-amd64/vega")).orThrow().autoInstall().binaryName()).isEqualTo("vega-linux-amd64/vega");
        for (String outside : List.of("/usr/bin/vega", "../vega", "bin/../../vega", "")) {
            assertThat(problems(config.formatted(outside))).as(outside).containsExactly("autoInstall.asset.binaryName");
        }
    }

    private ConfigResult<AgentConfig> parse(String toml) {
        return AgentConfigParser.parse(toml, "config.toml", home);
    }
}
