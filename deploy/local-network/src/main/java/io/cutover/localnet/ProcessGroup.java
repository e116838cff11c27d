package io.cutover.localnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes of one local run, each logging to its own file. Stopping is graceful (SIGTERM, so
 * agents stop their nodes the way they would on a host) and then forceful; {@link #leftovers()}
 * says whether anything survived.
 */
final class ProcessGroup implements AutoCloseable {

    private static final long GRACE_SECONDS = 30;

    private final Path logDir;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, ProcessBuilder> builders = new LinkedHashMap<>();
    private final List<ProcessHandle> everSeen = new ArrayList<>();

    ProcessGroup(Path logDir) {
        this.logDir = logDir;
    }

    synchronized Process start(String name, List<String> command, Map<String, String> environment, Path workDir) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            processes.put(name, process);
            builders.put(name, builder);
            everSeen.add(process.toHandle());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    Path logFile(String name) {
        return logDir.resolve(name + ".log");
    }

    synchronized boolean isAlive(String name) {
        Process process = processes.get(name);
        return process != null && process.isAlive();
    }

    /** SIGTERM, then SIGKILL after the grace period; children the process leaves behind are killed too. */
    synchronized void stop(String name) {
        Process process = processes.remove(name);
        if (process == null) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        everSeen.addAll(descendants);
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * SIGKILL, as a crash or the OOM killer would: no shutdown hook runs and children are left behind
     * (an agent's node keeps running, as on a host).
     */
    synchronized void kill(String name) {
        Process process = processes.remove(name);
        if (process == null) {
            throw new IllegalStateException(name + " is not running");
        }
        everSeen.addAll(process.descendants().toList());
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed process again with the same command, environment and log file. */
    synchronized void restart(String name) {
        ProcessBuilder builder = builders.get(name);
        if (builder == null || processes.containsKey(name)) {
            throw new IllegalStateException(name + " was never started or is still running");
        }
        try {
            Process process = builder.start();
            processes.put(name, process);
            everSeen.add(process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart " + name, e);
        }
    }

    /** Stops every process, the last started first. */
    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        Collections.reverse(names);
        names.forEach(this::stop);
    }

    /** Processes started by this run (or their children) that are still alive. */
    synchronized List<String> leftovers() {
        List<String> alive = new ArrayList<>();
        for (ProcessHandle handle : everSeen) {
            if (handle.isAlive()) {
                alive.add(handle.pid() + " " + handle.info().commandLine().orElse("?"));
            }
        }
        return alive;
    }
}
