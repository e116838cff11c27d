package io.cutover.agent.home;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.config.TomlReader;

/**
 * Reads config.toml. A missing key gets its documented default, except Visor's own keys under
 * {@code [upgrade] source = "vega-core"}, which read as Visor reads them ({@link VisorKeyDefaults});
 * every problem is collected with its key path and reported at once. Relative paths are resolved
 * against the home folder.
 */
public final class AgentConfigParser {

    public static final int DEFAULT_FIRST_CONNECTION_RETRIES = 175000;
    public static final int DEFAULT_RESTART_CONNECTION_RETRIES = 10;
    public static final int DEFAULT_MAX_RESTARTS = 3;
    public static final int DEFAULT_RESTARTS_DELAY_SECONDS = 5;
    public static final int DEFAULT_STOP_DELAY_SECONDS = 0;
    public static final int DEFAULT_STOP_SIGNAL_TIMEOUT_SECONDS = 15;
    public static final String DEFAULT_NETWORK_FILE = "/etc/cutover/network.toml";
    public static final String DEFAULT_NODE_NAME = "validator-1";
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
    public static final int DEFAULT_HEARTBEAT_SECONDS = 10;
    public static final String DEFAULT_STATUS_URL = "http://127.0.0.1:26657/status";
    public static final String DEFAULT_HEIGHT_POINTER = "/result/sync_info/latest_block_height";
    public static final String DEFAULT_ADMIN_URL = "http://127.0.0.1:26658/admin/halt";
    public static final String DEFAULT_SNAPSHOT_ARG = "--snapshot.load-from-block-height";
    public static final int DEFAULT_POLL_MILLIS = 50;
    public static final int DEFAULT_UPGRADE_POLL_MILLIS = 250;
    public static final int DEFAULT_START_TIMEOUT_SECONDS = 120;
    public static final int DEFAULT_HEALTHY_PERIOD_SECONDS = 300;
    public static final int DEFAULT_VERSION_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_API_PORT = 8090;
    public static final String DEFAULT_GITHUB_API = "https://api.github.com";

    private AgentConfigParser() {
    }

    public static ConfigResult<AgentConfig> read(Path home) {
        Path file = home.resolve(AgentHome.CONFIG);
        if (!Files.isRegularFile(file)) {
            return new ConfigResult.Invalid<>(file.toString(), java.util.List.of(
                    new ConfigProblem("config.toml", "not found in " + home + " (run: rollout-agent init --home " + home + ")")));
        }
        try {
            return parse(Files.readString(file), file.toString(), home);
        } catch (IOException e) {
            return new ConfigResult.Invalid<>(file.toString(), java.util.List.of(new ConfigProblem("config.toml", e.toString())));
        }
    }

    public static ConfigResult<AgentConfig> parse(String toml, String source, Path home) {
        TomlParseResult parsed = Toml.parse(toml);
        TomlReader r = new TomlReader(parsed);

        AgentConfig.Source upgradeSource = source(r, parsed);
        VisorKeyDefaults defaults = upgradeSource == AgentConfig.Source.VEGA_CORE ? VisorKeyDefaults.GO_ZERO : VisorKeyDefaults.CUTOVER;
        int firstRetries = (int) r.integer(parsed, "maxNumberOfFirstConnectionRetries", "maxNumberOfFirstConnectionRetries",
                defaults.firstConnectionRetries(), 0);
        int restartRetries = (int) r.integer(parsed, "maxNumberOfRestartConnectionRetries", "maxNumberOfRestartConnectionRetries",
                defaults.restartConnectionRetries(), 0);
        int maxRestarts = (int) r.integer(parsed, "maxNumberOfRestarts", "maxNumberOfRestarts", defaults.maxRestarts(), 0);
        Duration restartsDelay = seconds(r, parsed, "restartsDelaySeconds", "restartsDelaySeconds", defaults.restartsDelaySeconds(), 0);
        Duration stopDelay = seconds(r, parsed, "stopDelaySeconds", "stopDelaySeconds", DEFAULT_STOP_DELAY_SECONDS, 0);
        Duration stopTimeout = seconds(r, parsed, "stopSignalTimeoutSeconds", "stopSignalTimeoutSeconds",
                defaults.stopSignalTimeoutSeconds(), 0);
        boolean rollback = r.bool(parsed, "rollbackOnFailure", "rollbackOnFailure", false);
        Map<String, String> folders = upgradeFolders(r, r.table(parsed, "upgradeFolders", "upgradeFolders"), home);
        AgentConfig.AutoInstall autoInstall = autoInstall(r, r.table(parsed, "autoInstall", "autoInstall"), defaults);

        boolean cutover = upgradeSource == AgentConfig.Source.CUTOVER;
        Duration upgradePoll = Duration.ofMillis(r.integer(r.table(parsed, "upgrade", "upgrade"), "pollIntervalMillis",
                "upgrade.pollIntervalMillis", DEFAULT_UPGRADE_POLL_MILLIS, 10));
        AgentConfig.Staging staging = staging(r, parsed);

        TomlTable network = r.table(parsed, "network", "network");
        Optional<String> networkFile = r.string(network, "file", "network.file");
        Optional<Path> networkPath = (cutover ? Optional.of(networkFile.orElse(DEFAULT_NETWORK_FILE)) : networkFile).map(home::resolve);
        if (networkPath.isPresent() && !Files.isRegularFile(networkPath.get())) {
            r.problem("network.file", "no such file: " + networkPath.get());
        }
        Optional<String> chainId = r.string(network, "chainId", "network.chainId").filter(id -> !id.isBlank());
        AgentConfig.Network net = new AgentConfig.Network(networkPath,
                nonBlank(r, r.string(network, "nodeName", "network.nodeName", DEFAULT_NODE_NAME), "network.nodeName"), chainId,
                r.string(network, "host", "network.host").filter(h -> !h.isBlank()));

        TomlTable kafka = r.table(parsed, "kafka", "kafka");
        Optional<AgentConfig.Kafka> kafkaConfig = kafka(r, kafka, home, cutover);
        if (kafkaConfig.isPresent() && networkPath.isEmpty() && chainId.isEmpty()) {
            r.problem("network.chainId", "is required when [kafka] is configured and there is no network.file"
                    + " (statuses are keyed by chain)");
        }

        TomlTable node = r.table(parsed, "node", "node");
        String statusUrl = url(r, r.string(node, "statusUrl", "node.statusUrl", DEFAULT_STATUS_URL), "node.statusUrl");
        String pointer = r.string(node, "heightPointer", "node.heightPointer", DEFAULT_HEIGHT_POINTER);
        if (!pointer.startsWith("/")) {
            r.problem("node.heightPointer", "must be a JSON pointer starting with /, found \"" + pointer + "\"");
        }
        String mode = r.string(node, "haltMode", "node.haltMode", "admin");
        AgentConfig.HaltMode haltMode = AgentConfig.HaltMode.ADMIN;
        if (mode.equals("observe")) {
            haltMode = AgentConfig.HaltMode.OBSERVE;
        } else if (!mode.equals("admin")) {
            r.problem("node.haltMode", "must be \"admin\" or \"observe\", found \"" + mode + "\"");
        }
        String adminUrl = url(r, r.string(node, "adminUrl", "node.adminUrl", DEFAULT_ADMIN_URL), "node.adminUrl");
        AgentConfig.Node nodeConfig = new AgentConfig.Node(statusUrl, pointer, haltMode, adminUrl,
                r.string(node, "snapshotArg", "node.snapshotArg", DEFAULT_SNAPSHOT_ARG),
                Duration.ofMillis(r.integer(node, "pollIntervalMillis", "node.pollIntervalMillis", DEFAULT_POLL_MILLIS, 10)),
                seconds(r, node, "startTimeoutSeconds", "node.startTimeoutSeconds", DEFAULT_START_TIMEOUT_SECONDS, 1),
                seconds(r, node, "healthyPeriodSeconds", "node.healthyPeriodSeconds", DEFAULT_HEALTHY_PERIOD_SECONDS, 1));

        TomlTable verification = r.table(parsed, "verification", "verification");
        AgentConfig.Verification verify = new AgentConfig.Verification(
                r.bool(verification, "requireChecksum", "verification.requireChecksum", upgradeSource.requiresChecksumByDefault()),
                seconds(r, verification, "versionTimeoutSeconds", "verification.versionTimeoutSeconds", DEFAULT_VERSION_TIMEOUT_SECONDS, 1),
                pinnedSha256(r, r.table(verification, "sha256", "verification.sha256")));

        TomlTable api = r.table(parsed, "api", "api");
        long port = r.integer(api, "port", "api.port", DEFAULT_API_PORT, 0);
        if (port > 65535) {
            r.problem("api.port", "must be at most 65535, found " + port);
        }
        AgentConfig.Api apiConfig = new AgentConfig.Api(r.string(api, "host", "api.host", "127.0.0.1"), (int) port);
        io.cutover.agent.checkpoint.CheckpointSettings.parse(r, parsed, home); // [checkpoint]: read by the agent, its problems reported here

        if (!r.problems().isEmpty()) {
            return new ConfigResult.Invalid<>(source, r.problems());
        }
        return new ConfigResult.Valid<>(new AgentConfig(firstRetries, restartRetries, maxRestarts, restartsDelay, stopDelay,
                stopTimeout, rollback, folders, autoInstall, net, kafkaConfig, nodeConfig, verify, apiConfig,
                new AgentConfig.Upgrade(upgradeSource, upgradePoll, staging)));
    }

    /**
     * [upgradeFolders] "tag" = "folder": a path under the home, sub-folders included (as Visor joins it
     * to the home); an absolute path must lie inside the home. Kept relative to the home, normalised.
     */
    private static Map<String, String> upgradeFolders(TomlReader r, TomlTable table, Path home) {
        Map<String, String> folders = new LinkedHashMap<>();
        if (table == null) {
            return folders;
        }
        AgentHome agentHome = new AgentHome(home);
        for (String tag : table.keySet()) {
            String key = "upgradeFolders.\"" + tag + "\"";
            Object folder = table.get(java.util.List.of(tag));
            if (!(folder instanceof String name) || name.isBlank()) {
                r.problem(key, "must be a folder of the home (a name or a path under it), found " + folder);
                continue;
            }
            try {
                folders.put(tag, agentHome.root().relativize(agentHome.release(name)).toString());
            } catch (IllegalArgumentException e) {
                r.problem(key, "must be a folder under the home " + agentHome.root() + " (not the home itself, not .cutover),"
                        + " found \"" + name + "\"");
            }
        }
        return folders;
    }

    /**
     * [autoInstall] with [autoInstall.asset]; the layout of older Visors ([autoInstall.assets.vega],
     * [autoInstall.assets.data_node] with asset_name/binary_name) is refused with the layout to write.
     */
    private static AgentConfig.AutoInstall autoInstall(TomlReader r, TomlTable auto, VisorKeyDefaults defaults) {
        if (auto != null && auto.contains("assets")) {
            r.problem("autoInstall.assets", "this layout ([autoInstall.assets.vega], [autoInstall.assets.data_node]) is no longer read,"
                    + " by Visor either: write one [autoInstall.asset] section with name = \"<the release asset, e.g. vega-linux-amd64.zip>\""
                    + " and binaryName = \"<the binary in it, e.g. vega>\"; the data node runs from the same binary"
                    + " (vega datanode start)" + oldLayoutValues(auto));
        }
        TomlTable asset = r.table(auto, "asset", "autoInstall.asset");
        String assetName = r.string(asset, "name", "autoInstall.asset.name", defaults.assetName());
        Optional<String> binaryName = r.string(asset, "binaryName", "autoInstall.asset.binaryName");
        binaryName.ifPresent(name -> {
            if (name.isBlank()) {
                r.problem("autoInstall.asset.binaryName", "must not be empty");
            } else if (name.startsWith("/") || Path.of(name).normalize().startsWith("..")) {
                r.problem("autoInstall.asset.binaryName", "must be a path inside the release archive, found \"" + name + "\"");
            }
        });
        return new AgentConfig.AutoInstall(
                r.bool(auto, "enabled", "autoInstall.enabled", defaults.autoInstallEnabled()),
                r.string(auto, "repositoryOwner", "autoInstall.repositoryOwner", defaults.repositoryOwner()),
                r.string(auto, "repository", "autoInstall.repository", defaults.repository()),
                assetName,
                binaryName.or(defaults::binaryName).orElse(assetName),
                url(r, r.string(auto, "apiBaseUrl", "autoInstall.apiBaseUrl", DEFAULT_GITHUB_API), "autoInstall.apiBaseUrl"));
    }

    /** The old layout's vega asset, written in the new one, when it names one. */
    private static String oldLayoutValues(TomlTable auto) {
        Object name = auto.get(java.util.List.of("assets", "vega", "asset_name"));
        Object binary = auto.get(java.util.List.of("assets", "vega", "binary_name"));
        if (!(name instanceof String)) {
            return "";
        }
        return ". For this file: [autoInstall.asset] name = \"" + name + "\"" + (binary instanceof String ? " binaryName = \"" + binary + "\"" : "");
    }

    /** [verification.sha256] "tag" = "64 lowercase hex digits". */
    private static Map<String, String> pinnedSha256(TomlReader r, TomlTable table) {
        Map<String, String> pinned = new LinkedHashMap<>();
        if (table != null) {
            for (String tag : table.keySet()) {
                Object sha = table.get(java.util.List.of(tag));
                if (sha instanceof String hex && hex.matches("[0-9a-f]{64}")) {
                    pinned.put(tag, hex);
                } else {
                    r.problem("verification.sha256.\"" + tag + "\"", "must be a SHA-256 in 64 lowercase hex digits, found " + sha);
                }
            }
        }
        return pinned;
    }

    private static AgentConfig.Staging staging(TomlReader r, TomlParseResult parsed) {
        return oneOf(r, r.table(parsed, "upgrade", "upgrade"), "staging", "upgrade.staging", AgentConfig.Staging.values(),
                AgentConfig.Staging::key, AgentConfig.Staging.EARLY);
    }

    private static AgentConfig.Source source(TomlReader r, TomlParseResult parsed) {
        return oneOf(r, r.table(parsed, "upgrade", "upgrade"), "source", "upgrade.source", AgentConfig.Source.values(),
                AgentConfig.Source::key, AgentConfig.Source.CUTOVER);
    }

    /** The value whose key the string at {@code path} names; a problem listing the keys otherwise. */
    private static <E> E oneOf(TomlReader r, TomlTable table, String key, String path, E[] values,
            java.util.function.Function<E, String> keyOf, E otherwise) {
        String found = r.string(table, key, path, keyOf.apply(otherwise));
        for (E value : values) {
            if (keyOf.apply(value).equals(found)) {
                return value;
            }
        }
        String allowed = java.util.Arrays.stream(values).map(v -> "\"" + keyOf.apply(v) + "\"").collect(java.util.stream.Collectors.joining(", "));
        r.problem(path, "must be one of " + allowed + ", found \"" + found + "\"");
        return otherwise;
    }

    /**
     * [kafka]: the "cutover" source needs it (defaults apply when the section is absent); the other
     * sources work alone when the section is absent or its bootstrapServers is empty.
     */
    private static Optional<AgentConfig.Kafka> kafka(TomlReader r, TomlTable kafka, Path home, boolean required) {
        Optional<String> servers = r.string(kafka, "bootstrapServers", "kafka.bootstrapServers");
        if (!required && servers.map(String::isBlank).orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(new AgentConfig.Kafka(
                nonBlank(r, servers.orElse(DEFAULT_BOOTSTRAP), "kafka.bootstrapServers"),
                seconds(r, kafka, "heartbeatSeconds", "kafka.heartbeatSeconds", DEFAULT_HEARTBEAT_SECONDS, 1),
                kafkaSecurity(r, kafka, home)));
    }

    private static KafkaSecurity kafkaSecurity(TomlReader r, TomlTable kafka, Path home) {
        String protocol = r.string(kafka, "securityProtocol", "kafka.securityProtocol", "PLAINTEXT");
        if (!KafkaSecurity.PROTOCOLS.contains(protocol)) {
            r.problem("kafka.securityProtocol", "must be one of " + KafkaSecurity.PROTOCOLS + ", found \"" + protocol + "\"");
        }
        String mechanism = r.string(kafka, "saslMechanism", "kafka.saslMechanism", "SCRAM-SHA-512");
        if (!KafkaSecurity.MECHANISMS.contains(mechanism)) {
            r.problem("kafka.saslMechanism", "must be one of " + KafkaSecurity.MECHANISMS + ", found \"" + mechanism + "\"");
        }
        Optional<String> username = r.string(kafka, "username", "kafka.username");
        Optional<Path> passwordFile = file(r, kafka, "passwordFile", home);
        if (protocol.startsWith("SASL_")) {
            if (username.isEmpty() || username.get().isBlank()) {
                r.problem("kafka.username", "is required when kafka.securityProtocol is " + protocol);
            }
            if (passwordFile.isEmpty() && r.string(kafka, "passwordFile", "kafka.passwordFile").isEmpty()) {
                r.problem("kafka.passwordFile", "is required when kafka.securityProtocol is " + protocol);
            }
        }
        return new KafkaSecurity(protocol, mechanism, username, passwordFile, file(r, kafka, "caFile", home),
                file(r, kafka, "keyStoreFile", home));
    }

    /** An optional file of the [kafka] section, relative to the home; a named file that does not exist is a problem. */
    private static Optional<Path> file(TomlReader r, TomlTable kafka, String key, Path home) {
        Optional<Path> path = r.string(kafka, key, "kafka." + key).map(home::resolve);
        if (path.isPresent() && !Files.isReadable(path.get())) {
            r.problem("kafka." + key, "no such readable file: " + path.get());
            return java.util.Optional.empty();
        }
        return path;
    }

    private static Duration seconds(TomlReader r, TomlTable table, String key, String path, long defaultValue, long min) {
        return Duration.ofSeconds(r.integer(table, key, path, defaultValue, min));
    }

    private static String nonBlank(TomlReader r, String value, String path) {
        if (value.isBlank()) {
            r.problem(path, "must not be empty");
        }
        return value;
    }

    private static String url(TomlReader r, String value, String path) {
        try {
            URI uri = new URI(value);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                r.problem(path, "must be an http(s) URL, found \"" + value + "\"");
            }
        } catch (URISyntaxException e) {
            r.problem(path, "must be an http(s) URL, found \"" + value + "\"");
        }
        return value;
    }
}
