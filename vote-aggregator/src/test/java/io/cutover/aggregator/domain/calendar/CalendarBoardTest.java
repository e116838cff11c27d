package io.cutover.aggregator.domain.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.proto.v1.RolloutStatus;

class CalendarBoardTest {

    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    private final CalendarBoard board = new CalendarBoard(new UpgradeCalendar(Duration.ofHours(6)), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void measuresEachNetworksBlockTimeFromItsAgentsReports() {
        NetworkOverview network = new NetworkOverview("chain-a", "v1.0.0", 110, true, List.of(), "2/3", "greater", 40, 27, 100,
                List.of(new NetworkOverview.Upgrade("v2.0.0@500", "v2.0.0", 500, 390L, 0, 27, List.of(), false, false, false,
                        NetworkOverview.Origin.APPROVED, NetworkOverview.ReadinessBy.VOTING_POWER, 0, 0, List.of())));
        board.publish(network, List.of(report("n1", 100, 0), report("n2", 100, 1)));
        board.publish(network, List.of(report("n1", 110, 20), report("n2", 105, 11)));

        assertThat(board.blockTime("chain-a").orElseThrow().perBlock()).isEqualTo(Duration.ofSeconds(2));
        CalendarView.Entry entry = board.view("").orElseThrow().entries().get(0);
        assertThat(entry.blockTimeMillis()).isEqualTo(2000);
        assertThat(entry.estimatedAt()).isEqualTo(NOW.plusSeconds(2 * 390));
        assertThat(board.view("chain-a")).isPresent();
        assertThat(board.view("chain-b")).isEmpty();
        assertThat(board.chains()).containsExactly("chain-a");
    }

    private static RolloutStatus report(String node, long height, long second) {
        return RolloutStatus.newBuilder().setChainId("chain-a").setNode(node).setHeight(height)
                .setReportedAt(Timestamp.newBuilder().setSeconds(NOW.getEpochSecond() - 1000 + second)).build();
    }
}
