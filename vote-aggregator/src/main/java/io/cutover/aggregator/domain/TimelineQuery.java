package io.cutover.aggregator.domain;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/** Answers GetTimelines from the boards the aggregator keeps (the gRPC and REST APIs share it). */
public final class TimelineQuery {

    private final ProposalBoard proposals;
    private final NetworkBoard network;
    private final TimelineLog log;
    private final BlockTime blockTime;
    private final Clock clock;

    public TimelineQuery(ProposalBoard proposals, NetworkBoard network, TimelineLog log, BlockTime blockTime, Clock clock) {
        this.proposals = proposals;
        this.network = network;
        this.log = log;
        this.blockTime = blockTime;
        this.clock = clock;
    }

    /** Empty until the network is loaded (this instance has not been active yet). */
    public Optional<Timelines.Answer> answer(String chainId, String upgradeId) {
        proposals.agents().forEach(log::record); // the latest reports also after a rebuild, which replaces them without a watch event
        OptionalLong proposalHeight = proposals.proposal(upgradeId).map(p -> OptionalLong.of(p.getHeight())).orElse(OptionalLong.empty());
        return network.current().map(n -> Timelines.answer(chainId, upgradeId, n, log, proposalHeight, blockTime, clock.instant()));
    }
}
