package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the tally loop hears from Kafka; says whether this instance is active or standing by. */
@Readiness
@ApplicationScoped
public class AggregatorHealth implements HealthCheck {

    private static final Duration SILENCE = Duration.ofSeconds(30);

    private final TallyLoop loop;

    public AggregatorHealth(TallyLoop loop) {
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        Instant last = loop.lastPoll();
        boolean polling = last.isAfter(Instant.now().minus(SILENCE));
        return HealthCheckResponse.named("tally-loop")
                .status(polling)
                .withData("role", loop.isActive() ? "active" : "stand-by")
                .withData("lastPoll", last.toString())
                .build();
    }
}
