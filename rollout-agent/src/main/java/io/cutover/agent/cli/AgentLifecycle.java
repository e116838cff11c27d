package io.cutover.agent.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cutover.agent.runtime.RunningAgent;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Holds the running agent so that a SIGTERM (Quarkus shutdown) stops its children the same way as a
 * normal exit. A SIGTERM that arrives while the agent is still starting (its node may already run,
 * even switch) waits for the start to finish, at most {@link #START_WAIT_MILLIS}, and then stops it:
 * the JVM exits when the shutdown is over, and a node nobody stopped would be left running.
 */
@ApplicationScoped
public class AgentLifecycle {

    static final long START_WAIT_MILLIS = 60_000;

    private RunningAgent running;
    private boolean starting;

    /** Starts the agent with {@code start}; a shutdown meanwhile waits for it and then stops it. */
    RunningAgent start(Callable<RunningAgent> start) throws Exception {
        synchronized (this) {
            starting = true;
        }
        RunningAgent agent = null;
        try {
            agent = start.call();
            return agent;
        } finally {
            synchronized (this) {
                running = agent;
                starting = false;
                notifyAll();
            }
        }
    }

    synchronized void stop() {
        long deadline = System.currentTimeMillis() + START_WAIT_MILLIS;
        while (starting && running == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (running != null) {
            running.close();
            running = null;
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }
}
