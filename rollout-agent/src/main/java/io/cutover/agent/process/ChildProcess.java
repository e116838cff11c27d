package io.cutover.agent.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

/**
 * One child process (the node or the data node): its stdin, stdout and stderr are the agent's own
 * (passed through unchanged, each on its stream), an exit callback for exits the agent did not ask
 * for, and Visor's stop sequence.
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
     * Starts {@code command} in the agent's working directory. {@code onUnexpectedExit} receives the
     * exit code when the process ends without {@link #stop} having been called.
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, IntConsumer onUnexpectedExit) {
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
        stopping = true;
        stop(process.toHandle(), name, policy);
    }

    /** The same stop sequence for any process (a child left behind by a previous agent). */
    public static void stop(ProcessHandle handle, String name, StopPolicy policy) {
        if (!handle.isAlive()) {
            return;
        }
        sleep(policy.delay().toMillis());
        LOG.infof("stopping %s (pid %d): SIG%s", name, handle.pid(), policy.signal());
        if (policy.signal() == StopPolicy.Signal.KILL) {
            handle.destroyForcibly();
            handle.onExit().join();
            return;
        }
        if (policy.signal() == StopPolicy.Signal.INT) {
            interrupt(handle);
        } else {
            handle.destroy();
        }
        try {
            handle.onExit().get(policy.signalTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warnf("%s (pid %d) still running %d ms after SIG%s: SIGKILL", name, handle.pid(), policy.signalTimeout().toMillis(), policy.signal());
            handle.destroyForcibly();
            handle.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
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
