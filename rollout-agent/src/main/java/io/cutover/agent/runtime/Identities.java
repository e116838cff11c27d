package io.cutover.agent.runtime;

import java.nio.file.Path;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.agent.staging.VersionProbe;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.cutover.core.network.ValidatorInfo;

/**
 * Who the agent reports as. With network.toml: its chain id, the node's validator key and
 * current_release as the genesis folder's tag. Without (a Visor home, a Cosmovisor home):
 * {@code [network] chainId} (or "" when not reporting on Kafka), no validator key, and the genesis
 * folder's tag as its binary's {@code version --output json} says (else "genesis").
 */
public final class Identities {

    private static final Logger LOG = Logger.getLogger(Identities.class);

    /** The identity and, when the config names one, network.toml (throws InvalidConfigException when it is invalid). */
    public record Resolved(Agent.Identity identity, Optional<NetworkConfig> network) {
    }

    private Identities() {
    }

    public static Resolved resolve(AgentHome home, AgentConfig config) {
        String nodeName = config.network().nodeName();
        String host = config.network().host().orElseGet(HostName::local);
        Optional<NetworkConfig> network = config.network().file().map(f -> NetworkConfigParser.read(f).orThrow());
        if (network.isPresent()) {
            NetworkConfig n = network.get();
            String validatorKey = n.validators().stream().filter(v -> v.name().equals(nodeName))
                    .map(ValidatorInfo::pubKey).findFirst().orElse("");
            if (validatorKey.isEmpty()) {
                LOG.warnf("network.nodeName %s is not a validator of %s; reporting without a validator key", nodeName,
                        config.network().file().get());
            }
            return new Resolved(new Agent.Identity(n.chainId(), nodeName, validatorKey, n.currentRelease().text(), host), network);
        }
        return new Resolved(new Agent.Identity(config.network().chainId().orElse(""), nodeName, "",
                genesisVersion(home, config), host), Optional.empty());
    }

    /** The release tag of the genesis folder, from its binary; "genesis" when it cannot tell. */
    static String genesisVersion(AgentHome home, AgentConfig config) {
        Path folder = home.release(AgentHome.GENESIS);
        if (!(RunConfig.read(folder) instanceof ConfigResult.Valid<RunConfig> valid)) {
            return AgentHome.GENESIS;
        }
        try {
            return VersionProbe.version(folder.resolve(valid.value().node().path()), folder,
                    config.verification().versionTimeout());
        } catch (VersionProbe.Failed e) {
            LOG.warnf("the genesis release's version is unknown (%s); reporting it as \"genesis\"", e.getMessage());
            return AgentHome.GENESIS;
        }
    }
}
