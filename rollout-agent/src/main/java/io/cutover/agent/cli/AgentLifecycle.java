package io.cutover.agent.cli;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.cutover.agent.runtime.RunningAgent;
import io.quarkus.runtime.ShutdownEvent;

/** Holds the running agent so that a SIGTERM (Quarkus shutdown) stops its children the same way as a normal exit. */
@ApplicationScoped
public class AgentLifecycle {

    private RunningAgent running;

    synchronized void started(RunningAgent agent) {
        this.running = agent;
    }

    synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }
}
