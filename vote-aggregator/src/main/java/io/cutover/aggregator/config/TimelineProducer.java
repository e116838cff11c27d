package io.cutover.aggregator.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.ReportedBlockTime;
import io.cutover.aggregator.domain.TimelineLog;
import io.cutover.aggregator.domain.TimelineQuery;
import io.quarkus.runtime.Startup;

/** The node timelines, fed from the start by every agent report the board publishes. */
public class TimelineProducer {

    @Produces
    @Singleton
    @Startup
    TimelineQuery timelines(ProposalBoard board, NetworkBoard network) {
        TimelineLog log = new TimelineLog();
        ReportedBlockTime blockTime = new ReportedBlockTime();
        board.watchAgents(report -> {
            log.record(report);
            blockTime.record(report);
        });
        return new TimelineQuery(board, network, log, blockTime, Clock.systemUTC());
    }
}
