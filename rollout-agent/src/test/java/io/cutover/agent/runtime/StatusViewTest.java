package io.cutover.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class StatusViewTest {

    @Test
    void reportsTheGenesisFolderByTheGenesisReleaseTag() {
        assertThat(StatusView.releaseTag("genesis", Map.of(), "v1.0.0")).isEqualTo("v1.0.0");
    }

    @Test
    void reportsAMappedFolderByItsTagAndAnyOtherFolderByItsName() {
        Map<String, String> upgradeFolders = Map.of("v1.1.0", "release-1.1");
        assertThat(StatusView.releaseTag("release-1.1", upgradeFolders, "v1.0.0")).isEqualTo("v1.1.0");
        assertThat(StatusView.releaseTag("v1.2.0", upgradeFolders, "v1.0.0")).isEqualTo("v1.2.0");
    }
}
