package io.cutover.aggregator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.domain.NetworkBoard;
import io.cutover.aggregator.domain.NetworkOverview;
import io.cutover.aggregator.domain.ProposalBoard;
import io.cutover.aggregator.network.ServedNetwork;
import io.cutover.aggregator.network.ServedNetworks;

class NetworkResourceTest {

    @Test
    @SuppressWarnings("unchecked")
    void beforeTheNetworkIsLoadedItAnswers503WithAReason() {
        Response response = serving(new NetworkBoard()).get(null);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getMediaType().toString()).isEqualTo(Problems.MEDIA_TYPE);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat((Map<String, Object>) response.getEntity()).containsEntry("reason", "NETWORK_NOT_LOADED").containsEntry("status", 503);
    }

    private static NetworkResource serving(NetworkBoard view) {
        return new NetworkResource(new ServedNetworks(List.of(
                new ServedNetwork("cutover-devnet", Path.of("network.toml"), false, new ProposalBoard(), view))));
    }

    @Test
    void afterwardsItAnswersTheCurrentView() {
        NetworkBoard board = new NetworkBoard();
        NetworkOverview view = new NetworkOverview("cutover-devnet", "v1.0.0", 5, true, List.of(), "2/3", "greater", 10, 7, 100, List.of());
        board.publish(view);

        Response response = serving(board).get(null);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getEntity()).isEqualTo(view);
    }
}
