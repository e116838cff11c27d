package io.cutover.proposal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ServedNetworksFilesTest {

    @Test
    void bothSettingsAreAStartUpErrorNamingBothKeys() {
        assertThatThrownBy(() -> ServedNetworks.files(Optional.of("networks/"), Optional.of(Path.of("network.toml"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cutover.networks").hasMessageContaining("cutover.network-file");
    }

    @Test
    void oneFileStillWorksAndNetworkTomlIsTheDefault() {
        assertThat(ServedNetworks.files(Optional.empty(), Optional.of(Path.of("a.toml")))).containsExactly(Path.of("a.toml"));
        assertThat(ServedNetworks.files(Optional.empty(), Optional.empty())).containsExactly(Path.of("network.toml"));
    }

    @Test
    void aListNamesItsFiles() {
        assertThat(ServedNetworks.files(Optional.of("a.toml, b.toml"), Optional.empty())).containsExactly(Path.of("a.toml"), Path.of("b.toml"));
    }

    @Test
    void aSettingThatNamesNoFileIsAStartUpErrorNamingTheKey() {
        assertThatThrownBy(() -> ServedNetworks.files(Optional.of(" , "), Optional.empty())).hasMessageContaining("cutover.networks");
    }
}
