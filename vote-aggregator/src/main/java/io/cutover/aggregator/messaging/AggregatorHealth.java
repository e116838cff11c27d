package io.cutover.aggregator.messaging;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while every network's tally loop hears from Kafka (its journal topic exists); says whether this instance is active
 * or standing by ({@code role}, or {@code role.<chain id>} for each network of a fleet).
 */
@Readiness
@ApplicationScoped
public class AggregatorHealth implements HealthCheck {

    private static final Duration SILENCE = Duration.ofSeconds(30);

    private final TallyLoops loops;
    private final OwnTopics ownTopics;

    public AggregatorHealth(TallyLoops loops, OwnTopics ownTopics) {
        this.loops = loops;
        this.ownTopics = ownTopics;
    }

    @Override
    public HealthCheckResponse call() {
        if (ownTopics.problem().isPresent()) {
            return HealthCheckResponse.named("tally-loop").down().withData("problem", ownTopics.problem().get()).build();
        }
        boolean single = loops.all().size() == 1;
        boolean polling = true;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("tally-loop");
        for (TallyLoop loop : loops.all()) {
            Instant last = loop.lastPoll();
            polling &= last.isAfter(Instant.now().minus(SILENCE));
            String suffix = single ? "" : "." + loop.chainId();
            response.withData("role" + suffix, loop.isActive() ? "active" : "stand-by").withData("lastPoll" + suffix, last.toString());
        }
        return response.status(polling).build();
    }
}
