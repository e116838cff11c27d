package io.cutover.agent.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

import io.cutover.core.config.ConfigProblem;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.config.TomlReader;

/**
 * A release folder's run-config.toml (Visor's format): how to run the node and, optionally, the
 * data node, and where the core's admin JSON-RPC listens ({@code [vega.rpc]}). A binary path is
 * absolute, or relative to the release folder (as Visor reads it).
 */
public record RunConfig(String name, Binary node, Optional<Binary> dataNode, Optional<Rpc> rpc) {

    public RunConfig(String name, Binary node, Optional<Binary> dataNode) {
        this(name, node, dataNode, Optional.empty());
    }

    /**
     * {@code [vega.rpc] socketPath, httpPath}: the core's admin server (its {@code [Admin.Server]}). Visor
     * passes both verbatim; when absent the core's defaults apply: {@code $TMPDIR/vega.sock} and {@code /rpc}.
     */
    public record Rpc(Optional<String> socketPath, Optional<String> httpPath) {

        public static final String DEFAULT_HTTP_PATH = "/rpc";

        /** The socket, with the core's default ($TMPDIR or /tmp, as Go's os.TempDir) when not given. */
        public java.nio.file.Path socket() {
            return java.nio.file.Path.of(socketPath.filter(s -> !s.isBlank()).orElseGet(() -> {
                String tmp = System.getenv("TMPDIR");
                return (tmp == null || tmp.isBlank() ? "/tmp" : tmp) + "/vega.sock";
            }));
        }

        public String path() {
            return httpPath.filter(s -> !s.isBlank()).orElse(DEFAULT_HTTP_PATH);
        }
    }

    public static final String FILE = "run-config.toml";

    /** @param path absolute, or relative to the release folder */
    public record Binary(String path, List<String> args) {

        public Binary {
            args = List.copyOf(args);
        }

        /** The binary's file: {@code path} as it is when absolute, otherwise joined to {@code folder} (Visor's rule). */
        public Path resolveIn(Path folder) {
            return folder.resolve(path).normalize();
        }
    }

    /**
     * The run-config of {@code folder} whose binaries can be run: besides the problems of {@link #read},
     * a binary that does not exist, is not a regular file or is not executable is a problem naming
     * its file (Visor would find out only when it starts the release, after the halt).
     */
    public static ConfigResult<RunConfig> readRunnable(Path folder) {
        ConfigResult<RunConfig> read = read(folder);
        if (!(read instanceof ConfigResult.Valid<RunConfig> valid)) {
            return read;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        binaryProblem("vega.binary.path", valid.value().node().resolveIn(folder)).ifPresent(problems::add);
        valid.value().dataNode().flatMap(d -> binaryProblem("data_node.binary.path", d.resolveIn(folder))).ifPresent(problems::add);
        return problems.isEmpty() ? read : new ConfigResult.Invalid<>(folder.resolve(FILE).toString(), problems);
    }

    private static Optional<ConfigProblem> binaryProblem(String key, Path binary) {
        if (!Files.exists(binary)) {
            return Optional.of(new ConfigProblem(key, binary + " does not exist"));
        }
        if (!Files.isRegularFile(binary)) {
            return Optional.of(new ConfigProblem(key, binary + " is not a regular file"));
        }
        if (!Files.isExecutable(binary)) {
            return Optional.of(new ConfigProblem(key, binary + " is not executable (chmod a+x " + binary + ")"));
        }
        return Optional.empty();
    }

    public static ConfigResult<RunConfig> read(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            return new ConfigResult.Invalid<>(file.toString(), List.of(new ConfigProblem(FILE, "cannot read: " + e)));
        }
    }

    public static ConfigResult<RunConfig> parse(String toml, String source) {
        TomlParseResult parsed = Toml.parse(toml);
        TomlReader r = new TomlReader(parsed);
        String name = r.string(parsed, "name", "name", "");
        TomlTable vega = r.table(parsed, "vega", "vega");
        Binary node = binary(r, r.table(vega, "binary", "vega.binary"), "vega.binary", true);
        TomlTable rpcTable = r.table(vega, "rpc", "vega.rpc");
        Optional<Rpc> rpc = rpcTable == null ? Optional.empty()
                : Optional.of(new Rpc(r.string(rpcTable, "socketPath", "vega.rpc.socketPath"), r.string(rpcTable, "httpPath", "vega.rpc.httpPath")));
        Binary dataNode = binary(r, r.table(r.table(parsed, "data_node", "data_node"), "binary", "data_node.binary"),
                "data_node.binary", false);
        if (!r.problems().isEmpty()) {
            return new ConfigResult.Invalid<>(source, r.problems());
        }
        return new ConfigResult.Valid<>(new RunConfig(name, node, Optional.ofNullable(dataNode), rpc));
    }

    private static Binary binary(TomlReader r, TomlTable table, String path, boolean required) {
        if (table == null) {
            if (required) {
                r.problem(path, "is required");
            }
            return null;
        }
        String binary = r.requiredString(table, "path", path + ".path");
        List<String> args = new ArrayList<>();
        if (table.contains("args")) {
            Object value = table.get("args");
            if (value instanceof TomlArray array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i) instanceof String s) {
                        args.add(s);
                    } else {
                        r.problem(path + ".args[" + i + "]", "must be a string");
                    }
                }
            } else {
                r.problem(path + ".args", "must be an array of strings");
            }
        }
        return new Binary(binary, args);
    }

    /** The TOML text of a run-config (for a release the agent installed). */
    public String toToml() {
        StringBuilder toml = new StringBuilder("# Written by the rollout agent when it installed this release.\n")
                .append("name = ").append(quote(name)).append("\n\n");
        append(toml, "vega.binary", node);
        rpc.ifPresent(r -> {
            toml.append("\n[vega.rpc]\n");
            r.socketPath().ifPresent(s -> toml.append("  socketPath = ").append(quote(s)).append('\n'));
            r.httpPath().ifPresent(s -> toml.append("  httpPath = ").append(quote(s)).append('\n'));
        });
        dataNode.ifPresent(d -> append(toml.append('\n'), "data_node.binary", d));
        return toml.toString();
    }

    private static void append(StringBuilder toml, String table, Binary binary) {
        toml.append('[').append(table).append("]\n  path = ").append(quote(binary.path())).append("\n  args = [")
                .append(String.join(", ", binary.args().stream().map(RunConfig::quote).toList())).append("]\n");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
