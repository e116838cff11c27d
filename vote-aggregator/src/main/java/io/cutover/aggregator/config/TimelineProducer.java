package io.cutover.aggregator.config;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.domain.BlockTime;
import io.cutover.aggregator.domain.TimelineLog;
import io.cutover.aggregator.domain.TimelineQuery;
import io.cutover.aggregator.domain.calendar.BlockTimes;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.quarkus.runtime.Startup;

/** The node timelines, fed from the start by every agent report the board publishes. */
public class TimelineProducer {

    @Produces
    @Singleton
    @Startup
    TimelineQuery timelines(ProposalBoard board, NetworkBoard network, CalendarBoard calendar) {
        TimelineLog log = new TimelineLog();
        board.watchAgents(log::record);
        // the calendar's measurement of the served network's block time
        BlockTime blockTime = () -> network.current().flatMap(n -> calendar.blockTime(n.chainId())).map(BlockTimes.BlockTime::perBlock);
        return new TimelineQuery(board, network, log, blockTime, Clock.systemUTC());
    }
}
