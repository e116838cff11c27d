package io.cutover.aggregator.domain.calendar;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.core.network.BlockTimes;
import io.cutover.proto.v1.RolloutStatus;

/**
 * What the calendar needs of one network: its view (height, power, threshold, the upgrades ahead with
 * their readiness), its agents' latest reports (for their hosts) and its measured block time.
 */
public record CalendarInput(NetworkOverview network, Collection<RolloutStatus> agents, Optional<BlockTimes.BlockTime> blockTime) {

    public CalendarInput {
        agents = List.copyOf(agents);
    }

    public String chainId() {
        return network.chainId();
    }
}
