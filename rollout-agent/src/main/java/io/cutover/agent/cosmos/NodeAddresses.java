package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Where a Cosmos-SDK node listens, read from its own home as the node reads it:
 * {@code config/config.toml} {@code [rpc] laddr} (CometBFT's status), {@code config/app.toml}
 * {@code [grpc] address} and {@code [api] address} (x/upgrade's CurrentPlan). A wildcard host
 * (0.0.0.0, ::) is asked on 127.0.0.1; a unix socket, a disabled server or a missing file gives
 * nothing, and the agent then does without (the halt is upgrade-info.json alone).
 */
public record NodeAddresses(Optional<String> statusUrl, Optional<String> grpcAddress, Optional<String> restAddress) {

    private static final Pattern TCP = Pattern.compile("(?:tcp://)?(\\[[^\\]]*\\]|[^:/\\[\\]]*):(\\d{1,5})/?");

    public static NodeAddresses none() {
        return new NodeAddresses(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The addresses in {@code <home>/config/config.toml} and {@code <home>/config/app.toml}. */
    public static NodeAddresses read(Path home) {
        if (home == null) {
            return none();
        }
        Optional<TomlParseResult> config = toml(home.resolve("config/config.toml"));
        Optional<TomlParseResult> app = toml(home.resolve("config/app.toml"));
        Optional<String> status = config.flatMap(c -> hostPort(c.getString("rpc.laddr"))).map(a -> "http://" + a + "/status");
        Optional<String> grpc = app.filter(a -> enabled(a, "grpc")).flatMap(a -> hostPort(a.getString("grpc.address")));
        Optional<String> rest = app.filter(a -> enabled(a, "api")).flatMap(a -> hostPort(a.getString("api.address")))
                .map(a -> "http://" + a);
        return new NodeAddresses(status, grpc, rest);
    }

    /** "tcp://0.0.0.0:26657" → "127.0.0.1:26657"; empty for a unix socket or anything else. */
    static Optional<String> hostPort(String address) {
        if (address == null) {
            return Optional.empty();
        }
        Matcher m = TCP.matcher(address.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1);
        boolean wildcard = host.isEmpty() || host.equals("0.0.0.0") || host.equals("[::]") || host.equals("[::0]");
        return Optional.of((wildcard ? "127.0.0.1" : host) + ":" + m.group(2));
    }

    private static boolean enabled(TomlParseResult toml, String section) {
        Boolean enable = toml.getBoolean(section + ".enable");
        return enable == null || enable;
    }

    private static Optional<TomlParseResult> toml(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            TomlParseResult parsed = Toml.parse(file);
            return parsed.hasErrors() ? Optional.empty() : Optional.of(parsed);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
