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
