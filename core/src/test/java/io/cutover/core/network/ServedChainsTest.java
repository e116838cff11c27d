package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cutover.core.outcome.RefusalReason;

class ServedChainsTest {

    @Test
    void aBlankChainIsTheOnlyNetworkAndANamedOneIsFoundStripped() {
        Map<String, String> one = Map.of("chain-a", "A");
        assertThat(ServedChains.resolve(one, "", "this service")).isEqualTo("A");
        assertThat(ServedChains.resolve(one, null, "this service")).isEqualTo("A");
        assertThat(ServedChains.resolve(one, " chain-a ", "this service")).isEqualTo("A");
    }

    @Test
    void severalNetworksNeedTheChainAndAChainNotServedIsRefusedNamingWhatIs() {
        Map<String, String> fleet = new LinkedHashMap<>();
        fleet.put("chain-a", "A");
        fleet.put("chain-b", "B");
        assertThat(ServedChains.resolve(fleet, "chain-b", "this aggregator")).isEqualTo("B");
        assertThatThrownBy(() -> ServedChains.resolve(fleet, " ", "this aggregator")).isInstanceOfSatisfying(ServedChains.Refused.class, e -> {
            assertThat(e.refusal().reason()).isEqualTo(RefusalReason.CHAIN_REQUIRED);
            assertThat(e.refusal().detail()).isEqualTo("this aggregator serves 2 networks (chain-a, chain-b): name the chain");
        });
        assertThatThrownBy(() -> ServedChains.resolve(fleet, "chain-c", "this aggregator")).isInstanceOfSatisfying(ServedChains.Refused.class,
                e -> assertThat(e.refusal()).hasToString("UNKNOWN_CHAIN: chain chain-c is not served by this aggregator (it serves chain-a, chain-b)"));
    }
}
