package io.cutover.proposal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cutover.core.config.ConfigResult;
import io.cutover.core.network.NetworkConfig;
import io.cutover.core.network.NetworkConfigParser;
import io.quarkus.runtime.Startup;

/**
 * The network.toml in force. Read at start (a broken file stops the service with every problem
 * named), then checked for changes; a broken new version is refused with its problems logged and
 * the last good one stays in force.
 */
@Startup
@ApplicationScoped
public class NetworkFile {

    private static final Logger LOG = Logger.getLogger(NetworkFile.class);

    private final ProposalServiceConfig config;
    private final ScheduledExecutorService checker;
    private volatile NetworkConfig current;
    private String lastContent;

    public NetworkFile(ProposalServiceConfig config) {
        this.config = config;
        this.lastContent = readContent();
        this.current = NetworkConfigParser.parse(lastContent, config.networkFile().toString()).orThrow();
        LOG.infof("network %s from %s: %d validators, current release %s", current.chainId(), config.networkFile(),
                current.validators().size(), current.currentRelease());
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "network-file-check");
            t.setDaemon(true);
            return t;
        });
        long period = config.networkFileCheckInterval().toMillis();
        checker.scheduleWithFixedDelay(this::reloadIfChanged, period, period, TimeUnit.MILLISECONDS);
    }

    public NetworkConfig current() {
        return current;
    }

    /** Reads the file again; swaps it in when it changed and is valid. Returns true when a new network is in force. */
    public synchronized boolean reloadIfChanged() {
        String content;
        try {
            content = readContent();
        } catch (RuntimeException e) {
            LOG.warnf("cannot read %s (%s); keeping the network in force", config.networkFile(), e.getMessage());
            return false;
        }
        if (content.equals(lastContent)) {
            return false;
        }
        lastContent = content;
        ConfigResult<NetworkConfig> result = NetworkConfigParser.parse(content, config.networkFile().toString());
        if (result instanceof ConfigResult.Invalid<NetworkConfig> invalid) {
            LOG.errorf("refusing the changed network file; the last good one stays in force. %s", invalid.describe());
            return false;
        }
        NetworkConfig next = ((ConfigResult.Valid<NetworkConfig>) result).value();
        LOG.infof("network file reloaded: chain %s, %d validators, current release %s", next.chainId(), next.validators().size(),
                next.currentRelease());
        current = next;
        return true;
    }

    private String readContent() {
        try {
            return Files.readString(config.networkFile());
        } catch (IOException e) {
            throw new IllegalStateException("cutover.network-file: cannot read " + config.networkFile() + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void stop() {
        checker.shutdownNow();
    }
}
