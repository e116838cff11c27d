package io.cutover.agent.cosmos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CosmovisorLayoutTest {

    @TempDir
    Path home;

    @Test
    void namesFoldersAsCosmovisorDoes() {
        CosmovisorLayout layout = new CosmovisorLayout(home, "gaiad", false);
        assertThat(layout.binary("genesis")).isEqualTo(home.resolve("cosmovisor/genesis/bin/gaiad"));
        assertThat(layout.releaseOf("V2-Upgrade")).as("lower-cased").isEqualTo("upgrades/v2-upgrade");
        assertThat(new CosmovisorLayout(home, "gaiad", true).releaseOf("V2")).as("COSMOVISOR_DISABLE_RECASE").isEqualTo("upgrades/V2");
        assertThat(layout.releaseOf("v2 rc/1")).as("path-escaped").isEqualTo("upgrades/v2%20rc%2F1");
        assertThat(layout.upgradeInfoFile()).isEqualTo(home.resolve("data/upgrade-info.json"));
    }

    @Test
    void pathEscapeKeepsWhatGoKeeps() {
        assertThat(CosmovisorLayout.pathEscape("a-b_c.d~e$f&g+h,i:j;k=l@m")).isEqualTo("a-b_c.d~e$f&g+h,i:j;k=l@m");
        assertThat(CosmovisorLayout.pathEscape("ü?#%")).isEqualTo("%C3%BC%3F%23%25");
    }

    @Test
    void switchesCurrentWithARelativeLinkAndReadsItBack() throws Exception {
        CosmovisorLayout layout = new CosmovisorLayout(home, "gaiad", false);
        Files.createDirectories(layout.binary("genesis").getParent());
        Files.createDirectories(layout.binary("upgrades/v2").getParent());
        layout.ensureCurrent();
        assertThat(Files.readSymbolicLink(layout.current()).toString()).isEqualTo("genesis");
        layout.pointCurrentAt("upgrades/v2");
        assertThat(Files.readSymbolicLink(layout.current()).toString()).isEqualTo("upgrades/v2");
        assertThat(layout.currentRelease()).isEqualTo("upgrades/v2");
        try (var entries = Files.list(layout.root())) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".current-"));
        }
    }

    @Test
    void refusesAFolderOutsideAndACurrentThatIsNotALink() throws Exception {
        CosmovisorLayout layout = new CosmovisorLayout(home, "gaiad", false);
        assertThatThrownBy(() -> layout.folder("../data")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> layout.folder("upgrades/../..")).isInstanceOf(IllegalArgumentException.class);
        Files.createDirectories(layout.current());
        assertThatThrownBy(layout::ensureCurrent).hasMessageContaining("not a symbolic link");
    }
}
