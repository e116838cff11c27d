package io.cutover.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

/**
 * One child process (the node or the data node), run as Visor and Cosmovisor run it: in the agent's
 * working directory, its stdin, stdout and stderr the agent's own (passed through unchanged, each on
 * its stream, so journald and log alerts see the node's lines as they are; the agent's own lines
 * carry its log format), an exit callback for exits the agent did not ask for, and the stop sequence.
 */
public final class ChildProcess {

    private static final Logger LOG = Logger.getLogger(ChildProcess.class);

    private final String name;
    private final Process process;
    private volatile boolean stopping;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * Starts {@code command}. {@code onUnexpectedExit} receives the exit code when the process ends
     * without {@link #stop} having been called.
     */
    public static ChildProcess start(String name, List<String> command, IntConsumer onUnexpectedExit) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            ChildProcess child = new ChildProcess(name, process);
            LOG.infof("started %s (pid %d): %s", name, process.pid(), String.join(" ", command));
            process.onExit().thenAccept(p -> {
                if (!child.stopping) {
                    LOG.warnf("%s (pid %d) exited with code %d", name, p.pid(), p.exitValue());
                    onUnexpectedExit.accept(p.exitValue());
                }
            });
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the process: delay, SIGTERM, wait, SIGKILL. */
    public void stop(StopPolicy policy) {
        stopAll(List.of(this), policy);
    }

    /**
     * Stops processes together, as Visor stops its binaries: one stop delay, the signal to every one
     * of them at once, one timeout shared by all, then SIGKILL to those still running.
     */
    public static void stopAll(List<ChildProcess> children, StopPolicy policy) {
        children.forEach(c -> c.stopping = true);
        stop(children.stream().map(c -> new Named(c.process.toHandle(), c.name)).toList(), policy);
    }

    /** The same stop sequence for any process (a child left behind by a previous agent). */
    public static void stop(ProcessHandle handle, String name, StopPolicy policy) {
        stop(List.of(new Named(handle, name)), policy);
    }

    /** A process and the name the log gives it. */
    private record Named(ProcessHandle handle, String name) {
    }

    private static void stop(List<Named> processes, StopPolicy policy) {
        List<Named> alive = processes.stream().filter(p -> p.handle().isAlive()).toList();
        if (alive.isEmpty()) {
            return;
        }
        sleep(policy.delay().toMillis());
        for (Named p : alive) {
            LOG.infof("stopping %s (pid %d): SIG%s", p.name(), p.handle().pid(), policy.signal());
            if (policy.signal() == StopPolicy.Signal.KILL) {
                p.handle().destroyForcibly();
            } else if (policy.signal() == StopPolicy.Signal.INT) {
                interrupt(p.handle());
            } else {
                p.handle().destroy();
            }
        }
        long deadline = System.nanoTime() + policy.signalTimeout().toNanos();
        for (Named p : alive) {
            try {
                p.handle().onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (policy.signal() != StopPolicy.Signal.KILL) {
                    LOG.warnf("%s (pid %d) still running %d ms after SIG%s: SIGKILL", p.name(), p.handle().pid(),
                            policy.signalTimeout().toMillis(), policy.signal());
                    p.handle().destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.handle().destroyForcibly();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        for (Named p : alive) {
            if (!Thread.currentThread().isInterrupted()) {
                p.handle().onExit().join();
            }
        }
    }

    /** SIGINT, which the JDK cannot send itself: {@code kill -INT <pid>}. */
    private static void interrupt(ProcessHandle handle) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(handle.pid())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warnf("cannot send SIGINT to pid %d (%s): sending SIGTERM", handle.pid(), e.getMessage());
            handle.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
