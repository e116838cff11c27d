package io.cutover.ctl.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.cutover.ctl.CommandFailure;
import io.cutover.proto.v1.RolloutPhase;

class AgentsClientTest {

    @Test
    void readsAnArrayOrAnObjectOfRolloutStatuses() {
        String one = "{\"node\":\"validator-1\",\"phase\":\"ROLLOUT_PHASE_READY\",\"runningRelease\":\"v1.0.0\",\"height\":\"12\",\"future\":1}";
        assertThat(AgentsClient.parse("[" + one + "]")).singleElement()
                .satisfies(a -> {
                    assertThat(a.getNode()).isEqualTo("validator-1");
                    assertThat(a.getPhase()).isEqualTo(RolloutPhase.ROLLOUT_PHASE_READY);
                    assertThat(a.getHeight()).isEqualTo(12);
                });
        assertThat(AgentsClient.parse("{\"agents\":[" + one + "," + one + "]}")).hasSize(2);
        assertThat(AgentsClient.parse("[]")).isEmpty();
    }

    @Test
    void somethingElseIsAnError() {
        assertThatThrownBy(() -> AgentsClient.parse("<html>")).isInstanceOf(CommandFailure.class);
        assertThatThrownBy(() -> AgentsClient.parse("{\"status\":\"ok\"}")).isInstanceOf(CommandFailure.class);
        assertThatThrownBy(() -> AgentsClient.parse("[{\"height\":\"tall\"}]")).isInstanceOf(CommandFailure.class);
    }

    @Test
    void endpointsAreHostAndPort() {
        assertThat(Endpoint.parse("127.0.0.1:8081")).isEqualTo(new Endpoint("127.0.0.1", 8081));
        assertThat(Endpoint.parse("node-1.example:9000").httpUri("/api/v1/agents").toString()).isEqualTo("http://node-1.example:9000/api/v1/agents");
        for (String bad : new String[] {"8081", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:70000", "http://x:1", "x:1/path", ""}) {
            assertThatThrownBy(() -> Endpoint.parse(bad)).as(bad).isInstanceOf(picocli.CommandLine.TypeConversionException.class);
        }
    }
}
