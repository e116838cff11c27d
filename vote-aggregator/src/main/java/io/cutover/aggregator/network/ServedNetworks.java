package io.cutover.aggregator.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.core.network.NetworkFiles;
import io.cutover.core.network.ServedChains;

/**
 * The networks this deployment serves, read once at start from {@code cutover.networks} or {@code cutover.network-file}
 * (never both): a file that does not parse, or names a chain id served already, is logged with its file and key and the
 * others are served; none served at all is a start-up error. Answers which network a request names.
 */
@ApplicationScoped
public class ServedNetworks {

    private static final Logger LOG = Logger.getLogger(ServedNetworks.class);
    private static final Path DEFAULT_FILE = Path.of("network.toml");

    private final Map<String, ServedNetwork> networks = new LinkedHashMap<>();

    /** Networks already read (tests, and tools that embed the query side). */
    public ServedNetworks(List<ServedNetwork> served) {
        served.forEach(n -> networks.put(n.chainId(), n));
    }

    @Inject
    public ServedNetworks(AggregatorConfig config) {
        if (config.networks().isPresent() && config.networkFile().isPresent()) {
            throw new IllegalArgumentException("both " + NetworkFiles.NETWORKS_KEY + " and " + NetworkFiles.NETWORK_FILE_KEY
                    + " are set: set " + NetworkFiles.NETWORKS_KEY + " for a fleet (a folder or a comma list), or "
                    + NetworkFiles.NETWORK_FILE_KEY + " for one network, not both");
        }
        boolean fleet = config.networks().isPresent();
        List<Path> files = fleet ? NetworkFiles.files(config.networks().get()) : List.of(config.networkFile().orElse(DEFAULT_FILE));
        String key = fleet ? NetworkFiles.NETWORKS_KEY : NetworkFiles.NETWORK_FILE_KEY;
        NetworkFiles.Fleet read = NetworkFiles.read(files);
        read.problems().forEach(problem -> LOG.errorf("%s: not serving a network: %s", key, problem));
        if (read.networks().isEmpty()) {
            throw new IllegalArgumentException(key + ": no network to serve" + (files.isEmpty() ? " (no network file found in "
                    + config.networks().orElse("") + ")" : ": " + String.join("; ", read.problems())));
        }
        read.networks().forEach((chain, served) ->
                networks.put(chain, new ServedNetwork(chain, served.file(), fleet, new ProposalBoard(), new NetworkBoard())));
        LOG.infof("serving %d network(s): %s", networks.size(), String.join(", ", networks.keySet()));
    }

    /** Every network served, in file order. */
    public List<ServedNetwork> all() {
        return new ArrayList<>(networks.values());
    }

    /** The chain ids served, in file order. */
    public List<String> chainIds() {
        return new ArrayList<>(networks.keySet());
    }

    /**
     * The network a request names; a blank chain is the only network while exactly one is served.
     *
     * @throws ServedChains.Refused CHAIN_REQUIRED (blank, several served) or UNKNOWN_CHAIN (not served here)
     */
    public ServedNetwork resolve(String chain) {
        return ServedChains.resolve(networks, chain, "this aggregator");
    }
}
