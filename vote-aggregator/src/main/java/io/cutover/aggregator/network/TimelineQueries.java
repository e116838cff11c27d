package io.cutover.aggregator.network;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.domain.BlockTime;
import io.cutover.aggregator.domain.TimelineLog;
import io.cutover.aggregator.domain.TimelineQuery;
import io.cutover.aggregator.domain.Timelines;
import io.cutover.core.network.BlockTimes;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.core.network.ServedChains;

/**
 * The node timelines of every network served, each fed from the start by every agent report its board
 * publishes, with the block time the calendar measures for that network (the gRPC and REST APIs share it).
 */
@ApplicationScoped
public class TimelineQueries {

    private final ServedNetworks networks;
    private final Map<String, TimelineQuery> byChain = new LinkedHashMap<>();

    public TimelineQueries(ServedNetworks networks, CalendarBoard calendar) {
        this.networks = networks;
        for (ServedNetwork network : networks.all()) {
            TimelineLog log = new TimelineLog();
            network.board().watchAgents(log::record);
            BlockTime blockTime = () -> calendar.blockTime(network.chainId()).map(BlockTimes.BlockTime::perBlock);
            byChain.put(network.chainId(), new TimelineQuery(network.board(), network.view(), log, blockTime, Clock.systemUTC()));
        }
    }

    /**
     * The timelines of {@code upgradeId} on the chain named; empty until that network is loaded here.
     *
     * @throws ServedChains.Refused CHAIN_REQUIRED or UNKNOWN_CHAIN
     */
    public Optional<Timelines.Answer> answer(String chain, String upgradeId) {
        String chainId = networks.resolve(chain).chainId();
        return byChain.get(chainId).answer(chainId, upgradeId);
    }
}
