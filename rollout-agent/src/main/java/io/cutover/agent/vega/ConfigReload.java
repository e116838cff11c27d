package io.cutover.agent.vega;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.core.config.ConfigResult;

/**
 * config.toml re-read when it is edited, as Visor re-reads it, without restarting the node. The keys
 * Visor reloads (and {@code maxNumberOfRestartConnectionRetries}, which Visor forgets) take effect
 * from the next stop, restart, retry, call or staging on; the log names each change. A file edited
 * into an invalid state changes nothing: the configuration in force stays, and the log says why.
 * Other keys that changed are named as taking effect at the agent's next start.
 */
final class ConfigReload implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigReload.class);
    private static final long EVERY_MILLIS = 500;

    /** A key Visor reloads: its name and how to read it. */
    private record Key(String name, Function<AgentConfig, Object> value) {
    }

    private static final List<Key> RELOADED = List.of(
            new Key("maxNumberOfFirstConnectionRetries", AgentConfig::maxNumberOfFirstConnectionRetries),
            new Key("maxNumberOfRestartConnectionRetries", AgentConfig::maxNumberOfRestartConnectionRetries),
            new Key("maxNumberOfRestarts", AgentConfig::maxNumberOfRestarts),
            new Key("restartsDelaySeconds", c -> c.restartsDelay().toSeconds()),
            new Key("stopDelaySeconds", c -> c.stopDelay().toSeconds()),
            new Key("stopSignalTimeoutSeconds", c -> c.stopSignalTimeout().toSeconds()),
            new Key("upgradeFolders", AgentConfig::upgradeFolders),
            new Key("autoInstall", AgentConfig::autoInstall));
    private static final List<Key> AT_NEXT_START = List.of(
            new Key("rollbackOnFailure", AgentConfig::rollbackOnFailure),
            new Key("[network]", AgentConfig::network),
            new Key("[kafka]", AgentConfig::kafka),
            new Key("[node]", AgentConfig::node),
            new Key("[verification]", AgentConfig::verification),
            new Key("[api]", AgentConfig::api),
            new Key("[upgrade]", AgentConfig::upgrade));

    private final Path home;
    private final Consumer<AgentConfig> apply;
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });
    private AgentConfig inForce;
    private byte[] lastRead;

    /** @param apply receives the configuration in force after each valid edit */
    ConfigReload(Path home, AgentConfig inForce, Consumer<AgentConfig> apply) {
        this.home = home;
        this.inForce = inForce;
        this.apply = apply;
        this.lastRead = read();
    }

    void start() {
        watcher.scheduleWithFixedDelay(this::check, EVERY_MILLIS, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Re-reads the file when its content changed since the last look. */
    synchronized void check() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, lastRead)) {
            return;
        }
        lastRead = now;
        ConfigResult<AgentConfig> parsed = AgentConfigParser.read(home);
        if (parsed instanceof ConfigResult.Invalid<AgentConfig> invalid) {
            LOG.errorf("config.toml was edited and is not valid: the configuration in force stays as it was. %s", invalid.describe());
            return;
        }
        AgentConfig edited = ((ConfigResult.Valid<AgentConfig>) parsed).value();
        List<String> changes = changes(RELOADED, inForce, edited);
        List<String> later = changes(AT_NEXT_START, inForce, edited);
        if (!later.isEmpty()) {
            LOG.warnf("config.toml was edited: %s changed and takes effect when the agent next starts", String.join(", ", later));
        }
        if (changes.isEmpty()) {
            return;
        }
        inForce = reloaded(inForce, edited);
        LOG.infof("config.toml reloaded: %s", String.join("; ", changes));
        apply.accept(inForce);
    }

    /** {@code inForce} with the keys Visor reloads taken from {@code edited}. */
    static AgentConfig reloaded(AgentConfig inForce, AgentConfig edited) {
        return new AgentConfig(edited.maxNumberOfFirstConnectionRetries(), edited.maxNumberOfRestartConnectionRetries(),
                edited.maxNumberOfRestarts(), edited.restartsDelay(), edited.stopDelay(), edited.stopSignalTimeout(),
                inForce.rollbackOnFailure(), edited.upgradeFolders(), edited.autoInstall(), inForce.network(), inForce.kafka(),
                inForce.node(), inForce.verification(), inForce.api(), inForce.upgrade());
    }

    private static List<String> changes(List<Key> keys, AgentConfig before, AgentConfig after) {
        List<String> changes = new ArrayList<>();
        for (Key key : keys) {
            Object was = key.value().apply(before);
            Object is = key.value().apply(after);
            if (!Objects.equals(was, is)) {
                changes.add(key.name().startsWith("[") ? key.name() : key.name() + " " + was + " -> " + is);
            }
        }
        return changes;
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(home.resolve("config.toml"));
        } catch (IOException e) {
            return null; // being replaced (an editor writes a new file and renames it): read at the next look
        }
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
