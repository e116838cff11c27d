package io.cutover.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

import org.jboss.logging.Logger;

import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.core.config.ConfigResult;

/**
 * The processes of one release (the node, and the data node if its run-config has one). Their
 * pids are kept in .cutover/children.pids so that an agent started after a crash stops the
 * children its predecessor left running before it starts its own.
 */
public final class ReleaseProcesses {

    private static final Logger LOG = Logger.getLogger(ReleaseProcesses.class);
    private static final String PIDS = "children.pids";

    private final AgentHome home;
    private volatile StopPolicy stopPolicy;
    private final Function<Path, ConfigResult<RunConfig>> runConfigs;
    private final List<ChildProcess> children = new ArrayList<>();
    private boolean closed;

    public ReleaseProcesses(AgentHome home, StopPolicy stopPolicy) {
        this(home, stopPolicy, RunConfig::read);
    }

    /** @param runConfigs how to run a release folder (its run-config.toml, or what an upgrade source says) */
    public ReleaseProcesses(AgentHome home, StopPolicy stopPolicy, Function<Path, ConfigResult<RunConfig>> runConfigs) {
        this.home = home;
        this.stopPolicy = stopPolicy;
        this.runConfigs = runConfigs;
    }

    /**
     * Starts {@code folder}'s node (its run-config args passed through {@code nodeArgs}) and data node
     * (its run-config args as they are); {@code onExit} gets unexpected exits.
     */
    public synchronized void start(String folder, UnaryOperator<List<String>> nodeArgs, IntConsumer onExit) {
        if (closed) {
            throw new IllegalStateException("the agent is stopping; not starting " + folder);
        }
        stop();
        Path release = home.release(folder);
        ConfigResult<RunConfig> read = runConfigs.apply(release);
        if (read instanceof ConfigResult.Invalid<RunConfig> invalid) {
            throw new IllegalStateException(invalid.describe());
        }
        RunConfig run = ((ConfigResult.Valid<RunConfig>) read).value();
        List<String> command = new ArrayList<>();
        command.add(release.resolve(run.node().path()).toString());
        command.addAll(nodeArgs.apply(run.node().args()));
        children.add(ChildProcess.start("node " + folder, command, onExit));
        run.dataNode().ifPresent(d -> {
            List<String> dataCommand = new ArrayList<>();
            dataCommand.add(release.resolve(d.path()).toString());
            dataCommand.addAll(d.args());
            children.add(ChildProcess.start("data-node " + folder, dataCommand, onExit));
        });
        writePids();
    }

    /** Stops every child together (one delay, the signal to all, one timeout, SIGKILL), with the configured stop policy. */
    public synchronized void stop() {
        stop(stopPolicy);
    }

    /** Stops every child together, with {@code policy} (an upgrade source may stop its node its own way). */
    public synchronized void stop(StopPolicy policy) {
        ChildProcess.stopAll(List.copyOf(children), policy);
        children.clear();
        writePids();
    }

    /** Stops every child for good: a start racing the agent's shutdown cannot leave a node behind. */
    public synchronized void close() {
        closed = true;
        stop();
    }

    public synchronized boolean anyAlive() {
        return children.stream().anyMatch(ChildProcess::isAlive);
    }

    public synchronized boolean allAlive() {
        return !children.isEmpty() && children.stream().allMatch(ChildProcess::isAlive);
    }

    /** A new stop sequence (config.toml reloaded), used from the next stop on. */
    public void stopPolicy(StopPolicy policy) {
        this.stopPolicy = policy;
    }

    /** The configured stop sequence. */
    public StopPolicy stopPolicy() {
        return stopPolicy;
    }

    public synchronized Optional<Long> nodePid() {
        return children.isEmpty() ? Optional.empty() : Optional.of(children.get(0).pid());
    }

    /** Stops the children recorded by a previous agent that are still alive (same pid and start time). */
    public void stopLeftovers() {
        Path file = pidFile();
        if (!Files.exists(file)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.split(" ", 3);
                if (parts.length < 3) {
                    continue;
                }
                long pid = Long.parseLong(parts[0]);
                long started = Long.parseLong(parts[1]);
                ProcessHandle.of(pid)
                        .filter(h -> h.info().startInstant().map(i -> i.toEpochMilli() == started).orElse(false))
                        .ifPresent(h -> {
                            LOG.warnf("stopping %s (pid %d) left running by a previous agent", parts[2], pid);
                            ChildProcess.stop(h, parts[2], stopPolicy);
                        });
            }
            Files.delete(file);
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("cannot read %s: %s", file, e);
        }
    }

    private void writePids() {
        StringBuilder lines = new StringBuilder();
        for (ChildProcess child : children) {
            long started = child.handle().info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
            lines.append(child.pid()).append(' ').append(started).append(' ').append(child.name()).append('\n');
        }
        try {
            Path temp = pidFile().resolveSibling(PIDS + ".tmp");
            Files.writeString(temp, lines);
            Files.move(temp, pidFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path pidFile() {
        try {
            return home.work().resolve(PIDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
