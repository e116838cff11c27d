package io.cutover.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkFilesTest {

    @TempDir
    Path folder;

    private Path write(String name, String chainId) throws Exception {
        return Files.writeString(folder.resolve(name), """
                chain_id = "%s"
                current_release = "v1.0.0"
                [[validators]]
                name = "validator-1"
                pub_key = "%s"
                voting_power = 10
                """.formatted(chainId, "1".repeat(64)));
    }

    @Test
    void aFolderServesEachTomlFileInNameOrder() throws Exception {
        write("b.toml", "chain-b");
        write("a.toml", "chain-a");
        Files.writeString(folder.resolve("notes.txt"), "not a network");

        NetworkFiles.Fleet fleet = NetworkFiles.read(NetworkFiles.files(folder.toString()));

        assertThat(fleet.networks()).containsOnlyKeys("chain-a", "chain-b");
        assertThat(fleet.networks().keySet()).containsExactly("chain-a", "chain-b");
        assertThat(fleet.problems()).isEmpty();
        assertThat(fleet.only()).isEmpty();
    }

    @Test
    void aListOfFilesIsReadAsGivenAndOneFileIsTheOnlyNetwork() throws Exception {
        Path a = write("a.toml", "chain-a");
        Path b = write("b.toml", "chain-b");

        assertThat(NetworkFiles.files(b + ", " + a + ",")).containsExactly(b, a);
        assertThat(NetworkFiles.read(List.of(a)).only().orElseThrow().config().chainId()).isEqualTo("chain-a");
    }

    @Test
    void aBrokenFileNamesItsKeyAndTheOthersAreStillServed() throws Exception {
        write("a.toml", "chain-a");
        Files.writeString(folder.resolve("broken.toml"), "current_release = \"v1.0.0\"\n");

        NetworkFiles.Fleet fleet = NetworkFiles.read(NetworkFiles.files(folder.toString()));

        assertThat(fleet.networks()).containsOnlyKeys("chain-a");
        assertThat(fleet.problems()).singleElement().asString().contains("broken.toml", "chain_id: is required");
    }

    @Test
    void aChainIdServedTwiceIsRefusedForTheSecondFile() throws Exception {
        Path first = write("a.toml", "chain-a");
        write("b.toml", "chain-a");

        NetworkFiles.Fleet fleet = NetworkFiles.read(NetworkFiles.files(folder.toString()));

        assertThat(fleet.network("chain-a").orElseThrow().file()).isEqualTo(first);
        assertThat(fleet.problems()).singleElement().asString().contains("b.toml", "chain_id: chain-a is already served from " + first);
    }
}
