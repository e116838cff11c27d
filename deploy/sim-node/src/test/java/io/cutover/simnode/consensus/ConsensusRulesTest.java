package io.cutover.simnode.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cutover.simnode.consensus.Validators.Validator;

/** The pure pieces of the consensus: quorum arithmetic, proposer rotation, the wire format. */
class ConsensusRulesTest {

    private final Validators four = new Validators(List.of(new Validator("v3", 10, "127.0.0.1:3"), new Validator("v1", 10, "127.0.0.1:1"),
            new Validator("v2", 10, "127.0.0.1:2"), new Validator("v4", 10, "127.0.0.1:4")));

    @Test
    void moreThanTwoThirdsOfThePowerIsAQuorumAndAValidatorCountsOnce() {
        assertThat(four.isQuorum(30)).isTrue();
        assertThat(four.isQuorum(26)).isFalse();
        assertThat(four.quorumPower()).isEqualTo(27);
        assertThat(four.powerOf(List.of("v1", "v1", "v2", "v9"))).as("duplicates and strangers add nothing").isEqualTo(20);
    }

    @Test
    void theProposerRotatesInIdOrderAndMovesOnEachRound() {
        assertThat(four.proposer(1, 0).id()).isEqualTo("v2");
        assertThat(four.proposer(2, 0).id()).isEqualTo("v3");
        assertThat(four.proposer(2, 1).id()).isEqualTo("v4");
        assertThat(four.proposer(2, 3).id()).isEqualTo("v2");
    }

    @Test
    void flatJsonRoundTripsAndRefusesGarbage() {
        String json = FlatJson.write(Map.of("release", "v1.0.0 \"x\"", "height", 12));
        assertThat(FlatJson.read(json)).containsEntry("release", "v1.0.0 \"x\"").containsEntry("height", "12");
        assertThat(FlatJson.read("{\"stopped\": null, \"ok\": true}")).containsEntry("stopped", null).containsEntry("ok", "true");
        assertThatThrownBy(() -> FlatJson.read("<html>busy</html>")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.read("{\"a\":[1]}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlatJson.read("{\"a\":1} trailing")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlockLineRoundTripsAndABrokenOneIsRefused() {
        Block b = new Block(7, 1_700_000_000_000L, "v1.1.0", "v2", List.of("v1", "v2", "v3"));
        assertThat(Block.parseLine(b.line())).isEqualTo(b);
        assertThat(b.time()).isEqualTo("2023-11-14T22:13:20Z");
        assertThatThrownBy(() -> Block.parseLine("7 soon v1.1.0 v2 v1")).isInstanceOf(IllegalArgumentException.class);
    }
}
