package io.cutover.ctl.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The child processes a test starts, each logging to its own file, so that every one of them (and
 * anything it started) can be stopped at the end, also when the test fails.
 */
public final class ChildProcesses {

    private final List<ProcessHandle> started = new ArrayList<>();

    /** Starts {@code command}, its stdout and stderr appended to {@code log}. */
    public synchronized Process start(List<String> command, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            started.add(process.toHandle());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a process whose output the caller reads; it is stopped with the others. */
    public synchronized Process start(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            started.add(process.toHandle());
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops one process and its descendants: politely (SIGTERM), then forcibly after 20 s. */
    public static void stop(ProcessHandle process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process);
        family.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : family) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
                p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(ignored -> p).join();
            }
        }
    }

    /** Stops every process started here. */
    public synchronized void stopAll() {
        started.forEach(ChildProcesses::stop);
    }

    /** The processes started here that are still alive (with their descendants); empty after {@link #stopAll()}. */
    public synchronized List<ProcessHandle> alive() {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle p : started) {
            p.descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
            if (p.isAlive()) {
                alive.add(p);
            }
        }
        return alive;
    }
}
