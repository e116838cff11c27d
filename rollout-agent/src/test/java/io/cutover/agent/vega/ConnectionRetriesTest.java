package io.cutover.agent.vega;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ConnectionRetriesTest {

    private final AtomicLong now = new AtomicLong();
    private final ConnectionRetries retries = new ConnectionRetries(now::get);

    /** Visor: ticks at 2, 4, 6 s; with 2 retries the calls at 2 and 4 s may fail, the one at 6 s ends it. */
    @Test
    void aLimitOfNRetriesIsUsedUpAtTheFirstFailedCallAfterNPlusOneTicks() {
        retries.started(2, false);
        advance(Duration.ofMillis(5999));
        assertThat(retries.usedUp()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(retries.usedUp()).isTrue();
        assertThat(retries.key()).isEqualTo("maxNumberOfFirstConnectionRetries");
    }

    @Test
    void zeroRetriesEndAtVisorsFirstTickAndAGoodAnswerStartsAgain() {
        retries.started(0, true);
        advance(Duration.ofMillis(1900));
        retries.answered();
        advance(Duration.ofMillis(1900));
        assertThat(retries.usedUp()).isFalse();
        advance(Duration.ofMillis(100));
        assertThat(retries.usedUp()).isTrue();
        assertThat(retries.key()).isEqualTo("maxNumberOfRestartConnectionRetries");
    }

    @Test
    void failedCallsDoNotCountWhileTheAgentHasStoppedTheNode() {
        retries.started(0, false);
        retries.stopped();
        advance(Duration.ofMinutes(5));
        assertThat(retries.usedUp()).isFalse();
    }

    @Test
    void theDataNodeIsAskedForItsLatestSegmentAsVisorAsksIt() {
        assertThat(DataNodeHistory.command(Path.of("/r/vega"), List.of("datanode", "start", "--home", "/v")))
                .containsExactly("/r/vega", "datanode", "network-history", "latest-history-segment", "--output=json", "--home", "/v",
                        "--output", "json");
        assertThat(DataNodeHistory.command(Path.of("/r/data-node"), List.of("start")))
                .containsExactly("/r/data-node", "network-history", "latest-history-segment", "--output=json", "--output", "json");
        assertThat(DataNodeHistory.parse("{\"LatestSegment\":{\"from_height\":1,\"to_height\":300}}")).isEqualTo(300);
        assertThat(DataNodeHistory.parse("not json")).isEqualTo(-1);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
