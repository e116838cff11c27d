package io.cutover.core.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.cutover.core.config.ConfigResult;

/**
 * The networks one deployment serves: {@code cutover.networks} names a folder (every {@code *.toml}
 * in it, in name order) or a comma-separated list of files; {@code cutover.network-file} names one
 * file (a deployment of one network). Each file is read on its own: a broken file is reported with
 * its problems and the others are served; a chain id that a second file names again is refused for
 * that second file, so no network is served twice.
 */
public final class NetworkFiles {

    /** The property that names the fleet's files. */
    public static final String NETWORKS_KEY = "cutover.networks";
    /** The property that names a single network file. */
    public static final String NETWORK_FILE_KEY = "cutover.network-file";

    private NetworkFiles() {
    }

    /** What was read: the networks served by chain id (in file order), and a problem a line for every file not served. */
    public record Fleet(Map<String, Served> networks, List<String> problems) {

        public Fleet {
            networks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(networks));
            problems = List.copyOf(problems);
        }

        public Optional<Served> network(String chainId) {
            return Optional.ofNullable(networks.get(chainId));
        }

        /** The only network, when exactly one is served. */
        public Optional<Served> only() {
            return networks.size() == 1 ? Optional.of(networks.values().iterator().next()) : Optional.empty();
        }
    }

    /** One network and the file it was read from. */
    public record Served(Path file, NetworkConfig config) {
    }

    /**
     * The files a setting names: a folder's {@code *.toml} files in name order, or the comma-separated
     * files themselves (blank entries ignored).
     *
     * @throws IllegalArgumentException naming {@link #NETWORKS_KEY} when the folder cannot be listed
     */
    public static List<Path> files(String networksSetting) {
        List<Path> listed = Stream.of(networksSetting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
        if (listed.size() == 1 && Files.isDirectory(listed.get(0))) {
            try (Stream<Path> inFolder = Files.list(listed.get(0))) {
                return inFolder.filter(p -> p.getFileName().toString().endsWith(".toml") && Files.isRegularFile(p)).sorted().toList();
            } catch (IOException e) {
                throw new IllegalArgumentException(NETWORKS_KEY + ": cannot list " + listed.get(0) + ": " + e.getMessage(), e);
            }
        }
        return listed;
    }

    /** Reads every file; see the class comment for what is served. */
    public static Fleet read(List<Path> files) {
        Map<String, Served> served = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            ConfigResult<NetworkConfig> result = NetworkConfigParser.read(file);
            if (result instanceof ConfigResult.Invalid<NetworkConfig> invalid) {
                problems.add(invalid.describe());
                continue;
            }
            NetworkConfig config = ((ConfigResult.Valid<NetworkConfig>) result).value();
            Served first = served.get(config.chainId());
            if (first != null) {
                problems.add(file + ": chain_id: " + config.chainId() + " is already served from " + first.file()
                        + "; this file is not served");
                continue;
            }
            served.put(config.chainId(), new Served(file, config));
        }
        return new Fleet(served, problems);
    }
}
