package io.cutover.aggregator.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.NetworkOverview.Origin;
import io.cutover.aggregator.domain.NetworkOverview.ReadinessBy;
import io.cutover.core.network.BlockTimes;
import io.cutover.proto.v1.RolloutStatus;

class UpgradeCalendarTest {

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");
    private static final BlockTimes.BlockTime ONE_SECOND = new BlockTimes.BlockTime(Duration.ofSeconds(1), Duration.ZERO, 100);

    private final UpgradeCalendar calendar = new UpgradeCalendar(Duration.ofHours(6));

    @Test
    void estimatesEachUpcomingUpgradeFromTheBlockTimeSoonestFirst() {
        NetworkOverview network = network("chain-a", 1000,
                upgrade("v3.0.0@90000", 90_000, Origin.ANNOUNCED_BY_CHAIN, 0, false),
                upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 30, false),
                upgrade("v1.9.0@900", 900, Origin.APPROVED, 40, true));
        BlockTimes.BlockTime time = new BlockTimes.BlockTime(Duration.ofMillis(1500), Duration.ofMillis(10), 120);

        CalendarView view = calendar.view(List.of(new CalendarInput(network, List.of(), Optional.of(time))), NOW);

        assertThat(view.entries()).extracting(CalendarView.Entry::upgradeId).containsExactly("v2.0.0@4600", "v3.0.0@90000");
        CalendarView.Entry next = view.entries().get(0);
        assertThat(next.estimatedAt()).isEqualTo(NOW.plusSeconds(5400)); // 3600 blocks of 1.5 s
        assertThat(next.uncertaintySeconds()).isEqualTo(38); // 3600 × 10 ms + one block of 1.5 s = 37.5 s, rounded up
        assertThat(next.blockTimeMillis()).isEqualTo(1500);
        assertThat(next.networkHeight()).isEqualTo(1000);
        assertThat(next.readyPower()).isEqualTo(30);
        assertThat(next.totalPower()).isEqualTo(40);
        assertThat(next.requiredPower()).isEqualTo(27);
        assertThat(next.threshold()).isEqualTo("2/3");
        assertThat(next.estimatedAtApproval()).isEqualTo(next.estimatedAt());
        assertThat(next.driftSeconds()).isZero();
        assertThat(view.entries().get(1).origin()).isEqualTo(Origin.ANNOUNCED_BY_CHAIN);
        assertThat(view.conflictWindowSeconds()).isEqualTo(6 * 3600);
    }

    @Test
    void withoutABlockTimeTheHeightIsShownWithoutAnEstimate() {
        NetworkOverview network = network("chain-a", 1000, upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 0, false));

        CalendarView.Entry entry = calendar.view(List.of(new CalendarInput(network, List.of(), Optional.empty())), NOW).entries().get(0);

        assertThat(entry.height()).isEqualTo(4_600);
        assertThat(entry.estimatedAt()).isNull();
        assertThat(entry.estimatedAtApproval()).isNull();
        assertThat(entry.driftSeconds()).isNull();
        assertThat(entry.blockTimeMillis()).isZero();
    }

    @Test
    void driftIsHowFarTheEstimateMovedSinceTheFirstOne() {
        NetworkOverview first = network("chain-a", 1000, upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 0, false));
        calendar.view(List.of(new CalendarInput(first, List.of(), Optional.of(ONE_SECOND))), NOW);

        // an hour later the chain made only 1800 blocks, and blocks now take 2 s
        NetworkOverview later = network("chain-a", 2800, upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 0, false));
        BlockTimes.BlockTime slower = new BlockTimes.BlockTime(Duration.ofSeconds(2), Duration.ZERO, 100);
        CalendarView.Entry entry = calendar.view(List.of(new CalendarInput(later, List.of(), Optional.of(slower))), NOW.plusSeconds(3600))
                .entries().get(0);

        assertThat(entry.estimatedAtApproval()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(entry.estimatedAt()).isEqualTo(NOW.plusSeconds(3600 + 3600));
        assertThat(entry.driftSeconds()).isEqualTo(3600);
    }

    @Test
    void flagsAHostWhereTwoNetworksUpgradeWithinTheWindow() {
        NetworkOverview a = network("chain-a", 1000, upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 0, false)); // in 1 h
        NetworkOverview b = network("chain-b", 500, upgrade("v9.1.0@18500", 18_500, Origin.ANNOUNCED_BY_CHAIN, 0, false)); // in 5 h
        NetworkOverview c = network("chain-c", 10, upgrade("v4.0.0@72010", 72_010, Origin.APPROVED, 0, false)); // in 20 h
        List<CalendarInput> inputs = List.of(
                new CalendarInput(a, List.of(agent("a-1", "host-1"), agent("a-2", "host-2")), Optional.of(ONE_SECOND)),
                new CalendarInput(b, List.of(agent("b-1", "host-1"), agent("b-3", "host-3")), Optional.of(ONE_SECOND)),
                new CalendarInput(c, List.of(agent("c-1", "host-1"), agent("c-2", "host-2")), Optional.of(ONE_SECOND)));

        CalendarView view = calendar.view(inputs, NOW);

        assertThat(view.conflicts()).containsExactly(new CalendarView.Conflict("host-1",
                List.of("chain-a/v2.0.0@4600", "chain-b/v9.1.0@18500"), List.of("a-1", "b-1")));
        assertThat(view.of("chain-c").conflicts()).isEmpty();
        assertThat(view.of("chain-b").entries()).extracting(CalendarView.Entry::chainId).containsExactly("chain-b");
        assertThat(view.of("chain-b").conflicts()).hasSize(1);
    }

    @Test
    void twoUpgradesOfOneNetworkAreNoConflict() {
        NetworkOverview a = network("chain-a", 1000, upgrade("v2.0.0@4600", 4_600, Origin.APPROVED, 0, false),
                upgrade("v2.1.0@4700", 4_700, Origin.APPROVED, 0, false));

        CalendarView view = calendar.view(List.of(new CalendarInput(a, List.of(agent("a-1", "host-1")), Optional.of(ONE_SECOND))), NOW);

        assertThat(view.conflicts()).isEmpty();
    }

    private static NetworkOverview network(String chain, long height, NetworkOverview.Upgrade... upgrades) {
        return new NetworkOverview(chain, "v1.0.0", height, height > 0, List.of(), "2/3", "greater", 40, 27, 100, List.of(upgrades));
    }

    private static NetworkOverview.Upgrade upgrade(String id, long height, Origin origin, long readyPower, boolean reached) {
        String tag = id.substring(0, id.indexOf('@'));
        return new NetworkOverview.Upgrade(id, tag, height, null, readyPower, 27, List.of(), readyPower >= 27, false, reached, origin,
                ReadinessBy.VOTING_POWER, 0, 0, List.of());
    }

    private static RolloutStatus agent(String node, String host) {
        return RolloutStatus.newBuilder().setNode(node).setHost(host).build();
    }
}
