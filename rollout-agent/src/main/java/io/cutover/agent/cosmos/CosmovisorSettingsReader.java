package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

import io.cutover.agent.runtime.HostName;
import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;

/**
 * Reads Cosmovisor's settings as Cosmovisor does: {@code $DAEMON_HOME/cosmovisor/config.toml} (or
 * the file given with {@code --cosmovisor-config}) when present, each variable of the environment
 * overriding its key. Booleans accept only "", true or false; durations are Go durations (or
 * integer nanoseconds in the file) and must be positive when set. Every problem is reported at
 * once and names the variable. Where Cosmovisor's default is unsafe Cutover's differs (README).
 */
public final class CosmovisorSettingsReader {

    /** Unset: SIGKILL at once, as Cosmovisor does. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ZERO;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(300);
    public static final String DEFAULT_GRPC_ADDRESS = "localhost:9090";
    public static final List<String> TIME_FORMATS = List.of("layout", "ansic", "unixdate", "rubydate", "rfc822", "rfc822z",
            "rfc850", "rfc1123", "rfc1123z", "rfc3339", "rfc3339nano", "kitchen", "");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|MiB|GiB|TiB)");

    private final Map<String, String> env;
    private final TomlParseResult file;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private final boolean requireName;

    private CosmovisorSettingsReader(Map<String, String> env, TomlParseResult file, boolean requireName) {
        this.env = env;
        this.file = file;
        this.requireName = requireName;
    }

    /**
     * @param configFile {@code --cosmovisor-config}, or empty for {@code $DAEMON_HOME/cosmovisor/config.toml}
     * @param requireHome whether {@code $DAEMON_HOME/cosmovisor} must exist already (not for {@code init})
     */
    public static ConfigResult<CosmovisorSettings> read(Map<String, String> env, Optional<Path> configFile, boolean requireHome) {
        return read(env, configFile, requireHome, true);
    }

    /** @param requireName false for a Visor-style home ({@code [upgrade] source = "cosmos"}), whose run-configs name the binary */
    public static ConfigResult<CosmovisorSettings> read(Map<String, String> env, Optional<Path> configFile, boolean requireHome,
            boolean requireName) {
        Path path = configFile.orElse(null);
        String home = env.getOrDefault("DAEMON_HOME", "");
        if (path == null && !home.isBlank()) {
            path = Path.of(home, CosmovisorLayout.ROOT, "config.toml");
        }
        TomlParseResult toml = null;
        String source = "environment";
        if (path != null && Files.isRegularFile(path)) {
            try {
                toml = Toml.parse(Files.readString(path));
                source = "environment and " + path;
            } catch (IOException e) {
                return new ConfigResult.Invalid<>(path.toString(), List.of(new ConfigProblem(path.toString(), e.toString())));
            }
            if (toml.hasErrors()) {
                return new ConfigResult.Invalid<>(path.toString(), toml.errors().stream()
                        .map(e -> new ConfigProblem(e.position() == null ? "config.toml" : "line " + e.position().line(), e.getMessage()))
                        .toList());
            }
        } else if (configFile.isPresent()) {
            return new ConfigResult.Invalid<>(path.toString(), List.of(new ConfigProblem("--cosmovisor-config", "file not found: " + path)));
        }
        return new CosmovisorSettingsReader(env, toml, requireName).settings(source, requireHome);
    }

    private ConfigResult<CosmovisorSettings> settings(String source, boolean requireHome) {
        Path home = absolutePath("DAEMON_HOME", true);
        if (home != null && requireHome && !Files.isDirectory(home.resolve(CosmovisorLayout.ROOT))) {
            problem("DAEMON_HOME", "cosmovisor folder " + home.resolve(CosmovisorLayout.ROOT)
                    + " does not exist (run: rollout-agent cosmovisor init <path to the node binary>)");
        }
        String name = text("DAEMON_NAME", requireName ? "" : "node");
        if (name.isBlank()) {
            problem("DAEMON_NAME", "is required (the node binary's file name, e.g. gaiad)");
        } else if (name.contains("/")) {
            problem("DAEMON_NAME", "must be a file name, found \"" + name + "\"");
        }
        Path backupDir = absolutePath("DAEMON_DATA_BACKUP_DIR", false);
        if (backupDir != null && !Files.isDirectory(backupDir)) {
            problem("DAEMON_DATA_BACKUP_DIR", "folder " + backupDir + " does not exist");
        }
        String timeFormat = text("COSMOVISOR_TIMEFORMAT_LOGS", "kitchen").toLowerCase(Locale.ROOT);
        if (!TIME_FORMATS.contains(timeFormat)) {
            problem("COSMOVISOR_TIMEFORMAT_LOGS", "must be one of " + TIME_FORMATS + ", found \"" + timeFormat + "\"");
        }
        String custom = text("COSMOVISOR_CUSTOM_PREUPGRADE", "");
        if (custom.startsWith("/") || custom.contains("..")) {
            problem("COSMOVISOR_CUSTOM_PREUPGRADE", "must be a file under $DAEMON_HOME/cosmovisor, found \"" + custom + "\"");
        }
        NodeAddresses addresses = NodeAddresses.read(home);
        CosmovisorSettings.Cutover cutover = cutover(addresses);
        CosmovisorSettings settings = new CosmovisorSettings(home, name,
                bool("DAEMON_ALLOW_DOWNLOAD_BINARIES", false),
                bool("DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM", true),
                bool("DAEMON_RESTART_AFTER_UPGRADE", true),
                duration("DAEMON_RESTART_DELAY", Duration.ZERO),
                duration("DAEMON_SHUTDOWN_GRACE", DEFAULT_SHUTDOWN_GRACE),
                duration("DAEMON_POLL_INTERVAL", DEFAULT_POLL_INTERVAL),
                bool("UNSAFE_SKIP_BACKUP", false),
                backupDir != null ? backupDir : home,
                integer("DAEMON_PREUPGRADE_MAX_RETRIES", 0),
                text("DAEMON_GRPC_ADDRESS", addresses.grpcAddress().orElse(DEFAULT_GRPC_ADDRESS)),
                bool("COSMOVISOR_DISABLE_LOGS", false),
                bool("COSMOVISOR_COLOR_LOGS", true),
                timeFormat, custom,
                bool("COSMOVISOR_DISABLE_RECASE", false),
                cutover);
        return problems.isEmpty() ? new ConfigResult.Valid<>(settings) : new ConfigResult.Invalid<>(source, problems);
    }

    /** @param addresses the node's own addresses (its config.toml and app.toml), which the variables override */
    private CosmovisorSettings.Cutover cutover(NodeAddresses addresses) {
        String statusUrl = text("CUTOVER_NODE_STATUS_URL", addresses.statusUrl().orElse(""));
        // the node's REST API only where its gRPC is off and no gRPC address is given: gRPC is what Cosmovisor asks
        boolean grpcGiven = raw("DAEMON_GRPC_ADDRESS").filter(v -> !v.isEmpty()).isPresent() || addresses.grpcAddress().isPresent();
        String rest = text("CUTOVER_REST_ADDRESS", grpcGiven ? "" : addresses.restAddress().orElse(""));
        Optional<CosmovisorSettings.Reporting> reporting = Optional.empty();
        String bootstrap = text("CUTOVER_KAFKA_BOOTSTRAP_SERVERS", "");
        if (!bootstrap.isBlank()) {
            String chain = text("CUTOVER_CHAIN_ID", "");
            if (chain.isBlank()) {
                problem("CUTOVER_CHAIN_ID", "is required with CUTOVER_KAFKA_BOOTSTRAP_SERVERS (the chain id reported on rollout.status)");
            }
            String networkFile = text("CUTOVER_NETWORK_FILE", "");
            reporting = Optional.of(new CosmovisorSettings.Reporting(bootstrap, chain, text("CUTOVER_NODE_NAME", HostName.local("cosmos-node")),
                    duration("CUTOVER_HEARTBEAT", Duration.ofSeconds(10)),
                    networkFile.isBlank() ? Optional.empty() : Optional.of(Path.of(networkFile))));
        } else if (!text("CUTOVER_NETWORK_FILE", "").isBlank()) {
            problem("CUTOVER_NETWORK_FILE", "needs CUTOVER_KAFKA_BOOTSTRAP_SERVERS (recoveries and the other agents' reports come from Kafka)");
        }
        return new CosmovisorSettings.Cutover(statusUrl, rest.isBlank() ? Optional.empty() : Optional.of(rest),
                duration("CUTOVER_PLAN_POLL_INTERVAL", Duration.ofSeconds(5)),
                integer("CUTOVER_MAX_RESTARTS", 3),
                duration("CUTOVER_RESTARTS_DELAY", Duration.ofSeconds(5)),
                duration("CUTOVER_START_TIMEOUT", Duration.ofSeconds(120)),
                duration("CUTOVER_HEALTHY_PERIOD", Duration.ofMinutes(5)),
                bool("CUTOVER_ROLLBACK_ON_FAILURE", false),
                size("CUTOVER_BACKUP_KEEP_FREE", 1L << 30),
                bool("CUTOVER_UPGRADE_WITHOUT_BACKUP", false),
                port("CUTOVER_API_PORT", 8090),
                reporting,
                text("CUTOVER_HOST", HostName.local()));
    }

    /** The value of {@code variable}: the environment first, then its lower-case key in config.toml. */
    private Optional<String> raw(String variable) {
        String value = env.get(variable);
        if (value != null) {
            return Optional.of(value.trim());
        }
        String key = variable.toLowerCase(Locale.ROOT);
        if (file == null || !file.contains(key)) {
            return Optional.empty();
        }
        Object v = file.get(key);
        return Optional.of(v == null ? "" : v.toString().trim());
    }

    private String text(String variable, String fallback) {
        return raw(variable).filter(v -> !v.isEmpty()).orElse(fallback);
    }

    private boolean bool(String variable, boolean fallback) {
        String v = raw(variable).orElse("");
        if (v.isEmpty()) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
        }
        problem(variable, "must be true or false, found \"" + v + "\"");
        return fallback;
    }

    private Duration duration(String variable, Duration fallback) {
        String v = raw(variable).orElse("");
        if (v.isEmpty()) {
            return fallback;
        }
        Duration d = v.matches("\\d+") && file != null && env.get(variable) == null
                ? Duration.ofNanos(Long.parseLong(v)) // config.toml writes durations as integer nanoseconds
                : GoDuration.parse(v);
        if (d == null) {
            problem(variable, "must be a duration such as 300ms, 10s or 1m30s, found \"" + v + "\"");
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            problem(variable, "must be greater than 0 when set, found \"" + v + "\"");
            return fallback;
        }
        return d;
    }

    private int integer(String variable, int fallback) {
        String v = raw(variable).orElse("");
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(variable, "must be a whole number of 0 or more, found \"" + v + "\"");
        return fallback;
    }

    private int port(String variable, int fallback) {
        int port = integer(variable, fallback);
        if (port > 65535) {
            problem(variable, "must be a port number (0 = any free port), found " + port);
            return fallback;
        }
        return port;
    }

    private long size(String variable, long fallback) {
        String v = raw(variable).orElse("");
        if (v.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            problem(variable, "must be a size such as 1073741824, 512MiB or 2GiB, found \"" + v + "\"");
            return fallback;
        }
        int shift = switch (m.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            case "TiB" -> 40;
            default -> 0;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (ArithmeticException | NumberFormatException e) {
            problem(variable, "is too large: \"" + v + "\"");
            return fallback;
        }
    }

    private Path absolutePath(String variable, boolean required) {
        String v = raw(variable).orElse("");
        if (v.isEmpty()) {
            if (required) {
                problem(variable, "is required (the node's home folder, which holds cosmovisor/ and data/)");
            }
            return null;
        }
        Path p = Path.of(v);
        if (!p.isAbsolute()) {
            problem(variable, "must be an absolute path, found \"" + v + "\"");
            return null;
        }
        return p.normalize();
    }

    private void problem(String variable, String message) {
        problems.add(new ConfigProblem(variable, message));
    }

}
