package io.cutover.simnode.vega;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the core serves its admin JSON-RPC, as the core's own config says: {@code [Admin.Server]}
 * {@code SocketPath} and {@code HTTPPath} in {@code <home>/config/node/config.toml}, defaults
 * {@code $TMPDIR/vega.sock} (/tmp without TMPDIR, as Go's os.TempDir) and {@code /rpc}. The
 * options {@code --admin-socket} and {@code --admin-http-path} win over the file.
 */
record AdminConfig(Path socket, String httpPath) {

    static final String CONFIG_FILE = "config/node/config.toml";
    private static final Pattern KEY = Pattern.compile("^\\s*(SocketPath|HTTPPath)\\s*=\\s*\"([^\"]*)\"\\s*(#.*)?$");

    static AdminConfig of(Map<String, String> options, Path home) throws IOException {
        Path file = home.resolve(CONFIG_FILE);
        Map<String, String> server = Files.exists(file) ? adminServerSection(Files.readAllLines(file)) : Map.of();
        String tmp = Optional.ofNullable(System.getenv("TMPDIR")).filter(s -> !s.isEmpty()).orElse("/tmp");
        String socket = options.getOrDefault("admin-socket", server.getOrDefault("SocketPath", Path.of(tmp, "vega.sock").toString()));
        String httpPath = options.getOrDefault("admin-http-path", server.getOrDefault("HTTPPath", "/rpc"));
        if (socket.isBlank()) {
            throw new IllegalArgumentException("[Admin.Server] SocketPath in " + file + " is empty");
        }
        if (!httpPath.startsWith("/")) {
            throw new IllegalArgumentException("the admin HTTP path must start with /, got " + httpPath);
        }
        return new AdminConfig(Path.of(socket), httpPath);
    }

    /** The SocketPath and HTTPPath keys of the [Admin.Server] table. */
    private static Map<String, String> adminServerSection(List<String> lines) {
        Map<String, String> values = new java.util.HashMap<>();
        boolean inSection = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("[")) {
                inSection = trimmed.replaceAll("\\s", "").equals("[Admin.Server]");
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (inSection && m.matches()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }
}
