package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the tally loop hears from Kafka (its journal topic exists); says whether this instance is active or standing by. */
@Readiness
@ApplicationScoped
public class AggregatorHealth implements HealthCheck {

    private static final Duration SILENCE = Duration.ofSeconds(30);

    private final TallyLoop loop;
    private final OwnTopics ownTopics;

    public AggregatorHealth(TallyLoop loop, OwnTopics ownTopics) {
        this.loop = loop;
        this.ownTopics = ownTopics;
    }

    @Override
    public HealthCheckResponse call() {
        if (ownTopics.problem().isPresent()) {
            return HealthCheckResponse.named("tally-loop").down().withData("problem", ownTopics.problem().get()).build();
        }
        Instant last = loop.lastPoll();
        boolean polling = last.isAfter(Instant.now().minus(SILENCE));
        return HealthCheckResponse.named("tally-loop")
                .status(polling)
                .withData("role", loop.isActive() ? "active" : "stand-by")
                .withData("lastPoll", last.toString())
                .build();
    }
}
