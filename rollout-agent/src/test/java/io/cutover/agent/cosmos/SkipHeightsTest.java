package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SkipHeightsTest {

    @Test
    void readsBothForms() {
        assertThat(SkipHeights.of(List.of("start", "--unsafe-skip-upgrades", "100", "200", "--home", "/h"))).containsExactly(100L, 200L);
        assertThat(SkipHeights.of(List.of("start", "--unsafe-skip-upgrades=100,300"))).containsExactly(100L, 300L);
        assertThat(SkipHeights.of(List.of("start", "--home", "/h"))).isEmpty();
        assertThat(SkipHeights.of(List.of("start", "--unsafe-skip-upgrades", "abc"))).isEmpty();
    }
}
