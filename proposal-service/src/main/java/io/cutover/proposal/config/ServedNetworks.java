package io.cutover.proposal.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cutover.core.network.NetworkFiles;
import io.cutover.core.network.ServedChains;
import io.cutover.proposal.domain.ServedNetwork;
import io.quarkus.runtime.Startup;

/**
 * The networks this service serves, by chain id, from {@code cutover.networks} (a folder or a list of
 * files) or {@code cutover.network-file} (one file). A broken file at start is logged with its file and
 * key and the others are served; the service refuses to start only when no network can be served.
 * Each file is then checked for changes on its own ({@link ServedNetwork#reloadIfChanged}).
 */
@Startup
@ApplicationScoped
public class ServedNetworks {

    private static final Logger LOG = Logger.getLogger(ServedNetworks.class);

    private final Map<String, ServedNetwork> byChain;
    private final ScheduledExecutorService checker;

    public ServedNetworks(ProposalServiceConfig config) {
        NetworkFiles.Fleet fleet = NetworkFiles.read(files(config.networks(), config.networkFile()));
        fleet.problems().forEach(problem -> LOG.errorf("network not served: %s", problem));
        if (fleet.networks().isEmpty()) {
            throw new IllegalStateException("no network can be served: " + String.join("; ", fleet.problems()));
        }
        this.byChain = Collections.unmodifiableMap(fleet.networks().values().stream().collect(Collectors.toMap(s -> s.config().chainId(),
                s -> new ServedNetwork(s.file(), s.config(), config), (a, b) -> a, LinkedHashMap::new)));
        byChain.values().forEach(n -> LOG.infof("network %s from %s: %d validators, current release %s", n.chainId(), n.file(),
                n.current().validators().size(), n.current().currentRelease()));
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "network-file-check");
            t.setDaemon(true);
            return t;
        });
        long period = config.networkFileCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(() -> byChain.values().forEach(ServedNetwork::reloadIfChanged), period, period, TimeUnit.MILLISECONDS);
    }

    /** The files the settings name; both keys set is an error naming both. */
    static List<Path> files(Optional<String> networks, Optional<Path> networkFile) {
        if (networks.isPresent() && networkFile.isPresent()) {
            throw new IllegalStateException(NetworkFiles.NETWORKS_KEY + " and " + NetworkFiles.NETWORK_FILE_KEY
                    + " are both set; set " + NetworkFiles.NETWORKS_KEY + " (a folder or a list of files) for any number of networks,"
                    + " or " + NetworkFiles.NETWORK_FILE_KEY + " alone for one");
        }
        if (networks.isPresent()) {
            List<Path> files = NetworkFiles.files(networks.get());
            if (files.isEmpty()) {
                throw new IllegalStateException(NetworkFiles.NETWORKS_KEY + ": " + networks.get() + " names no network file");
            }
            return files;
        }
        return List.of(networkFile.orElse(Path.of("network.toml")));
    }

    public Collection<ServedNetwork> all() {
        return byChain.values();
    }

    public Optional<ServedNetwork> network(String chainId) {
        return Optional.ofNullable(byChain.get(chainId));
    }

    /** The only network served (for settings that apply to one network), if exactly one is. */
    public Optional<ServedNetwork> only() {
        return byChain.size() == 1 ? Optional.of(byChain.values().iterator().next()) : Optional.empty();
    }

    /**
     * The network a request names; an empty name is fine while one network is served.
     *
     * @throws ServedChains.Refused CHAIN_REQUIRED (none named, several served) or UNKNOWN_CHAIN
     */
    public ServedNetwork resolve(String chainId) {
        return ServedChains.resolve(byChain, chainId, "this service");
    }

    /** The networks where the key is a validator, in file order. */
    public List<ServedNetwork> forValidator(String pubKey) {
        return byChain.values().stream().filter(n -> n.hasValidator(pubKey)).toList();
    }

    /** True once every network's ledger was rebuilt from upgrade.transactions. */
    public boolean rebuilt() {
        return byChain.values().stream().allMatch(n -> n.ledger().isRebuilt());
    }

    /** Accepted transactions known, over all networks. */
    public int transactionsKnown() {
        return byChain.values().stream().mapToInt(n -> n.ledger().size()).sum();
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }
}
