package io.cutover.aggregator.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.alert.NodeFacts;
import io.cutover.aggregator.domain.alert.TimeOfHeight;
import io.cutover.aggregator.domain.calendar.CalendarBoard;
import io.cutover.aggregator.network.ServedNetwork;
import io.cutover.aggregator.network.ServedNetworks;
import io.cutover.aggregator.domain.alert.UpgradeFacts;
import io.cutover.proto.v1.RolloutStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * Every upgrade each served network's view shows, with its estimated time (from the network heights seen over time,
 * the calendar's, {@link CalendarBoard#estimate}) and when the network first reached its height; as alert facts and as the gauges
 * {@code cutover_upgrade_seconds_to_height} and {@code cutover_upgrade_ready_power_ratio} of each upgrade
 * still ahead ({@code chain}, {@code upgrade} tags; seconds NaN while the block time is not measured yet).
 */
@Startup
@ApplicationScoped
public class UpcomingUpgrades {

    private final Map<String, ServedNetwork> networks = new LinkedHashMap<>();
    private final Clock clock = Clock.systemUTC();
    private final TimeOfHeight timeOfHeight;
    private final Map<String, Instant> reachedAt = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Map<String, MultiGauge[]> gaugesByChain = new ConcurrentHashMap<>();

    public UpcomingUpgrades(ServedNetworks served, MeterRegistry registry, CalendarBoard calendar) {
        this.registry = registry;
        this.timeOfHeight = calendar::estimate;
        for (ServedNetwork network : served.all()) {
            networks.put(network.chainId(), network);
            network.view().watch(this::observe);
        }
    }

    private void observe(NetworkOverview view) {
        Instant now = clock.instant();
        view.upgrades().stream().filter(NetworkOverview.Upgrade::reached)
                .forEach(u -> reachedAt.putIfAbsent(key(view.chainId(), u.proposalId()), now));
        List<NetworkOverview.Upgrade> ahead = view.upgrades().stream().filter(u -> !u.reached()).toList();
        MultiGauge[] gauges = gaugesByChain.computeIfAbsent(view.chainId(), chain -> new MultiGauge[] {
            MultiGauge.builder("cutover.upgrade.seconds.to.height")
                    .description("Seconds until an upcoming upgrade's height is expected (NaN while the block time is unknown)")
                    .register(registry),
            MultiGauge.builder("cutover.upgrade.ready.power.ratio")
                    .description("Ready voting power over total voting power of an upcoming upgrade (nodes over reporting nodes without validators)")
                    .register(registry)});
        gauges[0].register(ahead.stream().map(u -> MultiGauge.Row.of(tags(view, u), this,
                m -> m.estimate(view.chainId(), u.height()).map(t -> Duration.between(m.clock.instant(), t).toMillis() / 1000.0)
                        .orElse(Double.NaN))).toList(), true);
        gauges[1].register(ahead.stream().map(u -> MultiGauge.Row.of(tags(view, u), ratio(view, u))).toList(), true);
    }

    private static double ratio(NetworkOverview view, NetworkOverview.Upgrade u) {
        long total = u.readinessBy() == NetworkOverview.ReadinessBy.NODE_COUNT ? u.reportingNodes() : view.totalVotingPower();
        return total == 0 ? 0 : (double) u.readyPower() / total;
    }

    private static Tags tags(NetworkOverview view, NetworkOverview.Upgrade u) {
        return Tags.of("chain", view.chainId(), "upgrade", u.proposalId());
    }

    private Optional<Instant> estimate(String chainId, long height) {
        return timeOfHeight.estimate(chainId, height);
    }

    private static String key(String chain, String upgradeId) {
        return chain + "/" + upgradeId;
    }

    /** The upgrades and nodes of {@code chainId} as its committed state shows them now. */
    AlertDispatcher.Situation situation(String chainId) {
        ServedNetwork network = networks.get(chainId);
        Optional<NetworkOverview> current = network == null ? Optional.empty() : network.view().current();
        if (current.isEmpty()) {
            return new AlertDispatcher.Situation(List.of(), List.of());
        }
        NetworkOverview view = current.get();
        List<UpgradeFacts> upgrades = view.upgrades().stream().map(u -> new UpgradeFacts(view.chainId(), u.proposalId(), u.releaseTag(),
                u.height(), u.origin() == NetworkOverview.Origin.ANNOUNCED_BY_CHAIN, estimate(view.chainId(), u.height()), u.readyPower(),
                u.requiredPower(), view.networkHeight(), Optional.ofNullable(reachedAt.get(key(view.chainId(), u.proposalId()))))).toList();
        List<NodeFacts> nodes = network.board().agents().stream().map(a -> new NodeFacts(a.getChainId().isEmpty() ? view.chainId() : a.getChainId(),
                a.getNode(), phase(a), a.getTargetProposalId(), a.getLastError())).toList();
        return new AlertDispatcher.Situation(upgrades, nodes);
    }

    private static String phase(RolloutStatus a) {
        return a.getPhase().name().replaceFirst("^ROLLOUT_PHASE_", "");
    }
}
