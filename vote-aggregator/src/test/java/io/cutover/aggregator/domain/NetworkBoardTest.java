package io.cutover.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class NetworkBoardTest {

    @Test
    void emptyUntilTheFirstViewThenWatchersGetTheCurrentViewAndEveryChange() {
        NetworkBoard board = new NetworkBoard();
        List<NetworkOverview> seen = new ArrayList<>();
        assertThat(board.current()).isEmpty();
        ProposalBoard.Watch watch = board.watch(seen::add);
        assertThat(seen).as("nothing to send before the first view").isEmpty();

        board.publish(view(100));
        board.publish(view(100)); // the same view again: no event
        board.publish(view(101));
        assertThat(seen).extracting(NetworkOverview::networkHeight).containsExactly(100L, 101L);

        List<NetworkOverview> late = new ArrayList<>();
        board.watch(late::add);
        assertThat(late).extracting(NetworkOverview::networkHeight).containsExactly(101L);

        watch.close();
        board.publish(view(102));
        assertThat(seen).hasSize(2);
        assertThat(late).extracting(NetworkOverview::networkHeight).containsExactly(101L, 102L);
        assertThat(board.current()).contains(view(102));
    }

    private static NetworkOverview view(long height) {
        return new NetworkOverview("cutover-devnet", "v1.0.0", height, true,
                List.of(new NetworkOverview.Validator("validator-1", "00", 10)), "2/3", "greater", 10, 7, 100, List.of());
    }
}
