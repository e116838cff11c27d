package io.cutover.agent.process;

import java.time.Duration;

/** Visor's stop sequence: wait {@code delay}, SIGTERM, wait {@code signalTimeout}, SIGKILL. */
public record StopPolicy(Duration delay, Duration signalTimeout) {
}
