package io.cutover.aggregator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.cutover.aggregator.config.AggregatorConfig;
import io.cutover.aggregator.support.TestNetwork;
import io.cutover.core.network.ServedChains;
import io.cutover.core.outcome.RefusalReason;
import io.cutover.testing.TestFiles;

class ServedNetworksTest {

    private static AggregatorConfig settings(Optional<Path> networkFile, Optional<String> networks) {
        return new AggregatorConfig() {
            @Override
            public Optional<Path> networkFile() {
                return networkFile;
            }

            @Override
            public Optional<String> networks() {
                return networks;
            }

            @Override
            public Duration networkCheckInterval() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Aggregator aggregator() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Height height() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void oneNetworkFileAnswersRequestsThatNameNoChainOrItsChainAndKeepsItsIds() {
        Path file = new TestNetwork(10, 10, 10).writeToml();
        ServedNetworks served = new ServedNetworks(settings(Optional.of(file), Optional.empty()));

        assertThat(served.resolve("").chainId()).isEqualTo(TestNetwork.CHAIN);
        assertThat(served.resolve(TestNetwork.CHAIN).own("cutover-vote-aggregator")).isEqualTo("cutover-vote-aggregator");
        assertThatThrownBy(() -> served.resolve("other")).isInstanceOfSatisfying(ServedChains.Refused.class,
                e -> assertThat(e.refusal().reason()).isEqualTo(RefusalReason.UNKNOWN_CHAIN));
    }

    @Test
    void aFleetNeedsTheChainServesTheGoodFilesAndSuffixesItsIds() throws Exception {
        Path folder = TestFiles.directory("fleet-");
        Files.writeString(folder.resolve("a.toml"), new TestNetwork("chain-a", 0, 10).toml());
        Files.writeString(folder.resolve("b.toml"), "chain_id = \"chain-b\"\n");
        Files.writeString(folder.resolve("c.toml"), new TestNetwork("chain-c", 5, 10).toml());
        ServedNetworks served = new ServedNetworks(settings(Optional.empty(), Optional.of(folder.toString())));

        assertThat(served.chainIds()).containsExactly("chain-a", "chain-c");
        assertThat(served.resolve("chain-c").own("cutover-vote-aggregator")).isEqualTo("cutover-vote-aggregator-chain-c");
        assertThatThrownBy(() -> served.resolve(" ")).isInstanceOfSatisfying(ServedChains.Refused.class,
                e -> assertThat(e.refusal().reason()).isEqualTo(RefusalReason.CHAIN_REQUIRED));
        assertThat(served.resolve("chain-a").owns("chain-a")).isTrue();
        assertThat(served.resolve("chain-a").owns("chain-a/validator-1")).isTrue();
        assertThat(served.resolve("chain-a").owns("chain-c/validator-1")).isFalse();
        assertThat(served.resolve("chain-a").owns("chain-ab")).isFalse();
    }

    @Test
    void bothSettingsAreAStartUpErrorNamingBothKeys() {
        assertThatThrownBy(() -> new ServedNetworks(settings(Optional.of(Path.of("network.toml")), Optional.of("networks"))))
                .hasMessageContaining("cutover.networks").hasMessageContaining("cutover.network-file");
    }
}
