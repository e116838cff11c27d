package io.cutover.agent.home;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;

/**
 * {@code rollout-agent init}: a commented starting config.toml, genesis/run-config.toml and
 * {@code current}. With {@code --source vega-core} the home runs as Visor's does, with no network.toml
 * and no Kafka; with {@code --with-data-node} the run-config starts a data node too, as
 * {@code visor init --with-data-node} writes it.
 */
public final class HomeInitializer {

    static final String CONFIG_TEMPLATE = """
            # Cutover rollout agent. Every key below shows its default; a key left out gets that default,
            # except with [upgrade] source = "vega-core", where Visor's keys read as Visor reads them when
            # left out: 0, false or empty (so no [autoInstall] section means no downloads).
            # Visor's keys (a Vega Visor config.toml runs unchanged):

            # vega-core: failed 2 s ticks of the core's admin socket after a start / a crash restart before the
            # agent stops the node and exits 1, as Visor (the cutover source reads them for compatibility).
            maxNumberOfFirstConnectionRetries = 175000
            maxNumberOfRestartConnectionRetries = 10
            # Restarts of a crashed node (0: none), and failed start attempts of a new release, before giving up.
            maxNumberOfRestarts = 3
            restartsDelaySeconds = 5
            # Stopping the node: wait stopDelaySeconds, send SIGTERM, wait stopSignalTimeoutSeconds, SIGKILL.
            stopDelaySeconds = 0
            stopSignalTimeoutSeconds = 15        # 0: SIGKILL right after SIGTERM
            # Back to the previous release when the new one keeps exiting or not answering at the upgrade height.
            # Safe only while the new release has not produced a block (the agent checks this).
            rollbackOnFailure = false

            # A release tag mapped to its folder in this home, a sub-folder too (by default the folder is the tag).
            [upgradeFolders]
            # "v1.1.0" = "releases/v1.1.0"

            # Download a missing release from the approved URL of this platform's artifact only.
            [autoInstall]
            enabled = true
            repositoryOwner = "vegaprotocol"   # read for compatibility; Cutover uses the approved URL
            repository = "vega"
            [autoInstall.asset]
            name = "vega-linux-amd64.zip"
            binaryName = "vega"                # the binary's path inside the downloaded artifact

            # Cutover's own sections.
            [upgrade]
            source = "cutover"                   # cutover: approvals on Kafka | vega-core: the core's admin RPC, as Visor | cosmos
            staging = "early"                    # early: download and verify as soon as the upgrade is known | at-halt: only
                                                 # once the node halted at the height (Visor's order; measurably longer downtime)

            [network]
            file = "/etc/cutover/network.toml"  # validators, chain id, threshold (relative paths: from this home); optional unless source = "cutover"
            nodeName = "validator-1"             # this node's name in status reports
            # chainId = "vega-mainnet-0011"      # without a network file: the chain to report under on Kafka
            # host = "validator-host-1"          # the host name in status reports (default: this machine's)

            [kafka]                              # optional unless source = "cutover": absent or empty = no Kafka
            bootstrapServers = "127.0.0.1:9092"
            heartbeatSeconds = 10
            securityProtocol = "PLAINTEXT"       # PLAINTEXT | SSL | SASL_PLAINTEXT | SASL_SSL (docs/security.md)
            # saslMechanism = "SCRAM-SHA-512"    # SCRAM-SHA-512 | SCRAM-SHA-256 | PLAIN
            # username = "validator-1"           # the agent's Kafka user
            # passwordFile = "kafka.password"    # the password alone in a file only the agent reads
            # caFile = "kafka-ca.pem"            # PEM: the CA of the brokers' certificates (SSL, SASL_SSL)
            # keyStoreFile = "kafka-client.pem"  # PEM: the agent's private key and certificate (mutual TLS)

            [node]
            statusUrl = "http://127.0.0.1:26657/status"
            heightPointer = "/result/sync_info/latest_block_height"
            haltMode = "admin"                   # "admin": POST {"height": H} to adminUrl; "observe": stop when height >= H
            adminUrl = "http://127.0.0.1:26658/admin/halt"
            snapshotArg = "--snapshot.load-from-block-height"   # appended with H when starting the new release
            pollIntervalMillis = 50
            startTimeoutSeconds = 120            # the new release must answer within this, and is restarted when silent this long
                                                 # (answering at H while the chain waits for its peers is healthy)
            healthyPeriodSeconds = 300           # the restart budget recovers after this long without a crash

            [verification]
            requireChecksum = true               # refuse a release without a SHA-256 for this platform
            versionTimeoutSeconds = 30           # for `<binary> version --output json`

            [api]
            host = "127.0.0.1"
            port = 8090
            """;

    static final String GENESIS_RUN_CONFIG = """
            # How to run the first release. A binary path is absolute, or relative to this folder.
            name = "genesis"

            [vega.binary]
              path = "vega"
              args = ["start", "--home", "/var/lib/vega"]

            # Where the core serves its admin JSON-RPC ([Admin.Server] in the core's config.toml).
            # [vega.rpc]
            #   socketPath = "/tmp/vega.sock"
            #   httpPath = "/rpc"

            # [data_node.binary]
            #   path = "vega"
            #   args = ["datanode", "start", "--home", "/var/lib/vega"]
            """;
    private static final String DATA_NODE_COMMENTED = """
            # [data_node.binary]
            #   path = "vega"
            #   args = ["datanode", "start", "--home", "/var/lib/vega"]
            """;
    private static final String DATA_NODE = """
            [data_node.binary]
              path = "vega"
              args = ["datanode", "start", "--home", "/var/lib/vega"]
            """;

    private HomeInitializer() {
    }

    /**
     * The template with {@code source} selected. Besides "cutover", network.toml and Kafka are left
     * out (commented) and no checksum is required: such a home runs as it is written, as Visor's or
     * Cosmovisor's, and the operator adds them when wanted.
     */
    static String configFor(AgentConfig.Source source) {
        if (source == AgentConfig.Source.CUTOVER) {
            return CONFIG_TEMPLATE;
        }
        return CONFIG_TEMPLATE
                .replace("\nsource = \"cutover\"", "\nsource = \"" + source.key() + "\"")
                .replace("\nfile = \"/etc/cutover/network.toml\"", "\n# file = \"/etc/cutover/network.toml\"")
                .replace("\nbootstrapServers = \"127.0.0.1:9092\"", "\n# bootstrapServers = \"127.0.0.1:9092\"")
                .replace("\nrequireChecksum = true ", "\nrequireChecksum = false");
    }

    /** Writes the starting files for the "cutover" source; refuses to overwrite an existing config.toml. */
    public static void init(AgentHome home) throws IOException {
        init(home, AgentConfig.Source.CUTOVER, false);
    }

    /**
     * Writes the starting files for {@code source}; refuses to overwrite an existing config.toml.
     *
     * @param withDataNode genesis/run-config.toml starts a data node beside the node
     */
    public static void init(AgentHome home, AgentConfig.Source source, boolean withDataNode) throws IOException {
        if (Files.exists(home.config())) {
            throw new FileAlreadyExistsException(home.config().toString(), null, "a config.toml is already there; not overwriting it");
        }
        Files.createDirectories(home.release(AgentHome.GENESIS));
        Files.writeString(home.config(), configFor(source));
        if (!Files.exists(home.release(AgentHome.GENESIS).resolve(RunConfig.FILE))) {
            Files.writeString(home.release(AgentHome.GENESIS).resolve(RunConfig.FILE),
                    withDataNode ? GENESIS_RUN_CONFIG.replace(DATA_NODE_COMMENTED, DATA_NODE) : GENESIS_RUN_CONFIG);
        }
        if (!Files.exists(home.current(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            home.pointCurrentAt(AgentHome.GENESIS);
        }
    }
}
