package io.cutover.simnode;

import static io.cutover.simnode.Processes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four validators of power 10 as real processes: one chain, stopped without more than 2/3 of the power. */
class ChainTest {

    private static final List<String> NODES = List.of("v1", "v2", "v3", "v4");

    @TempDir
    Path dir;

    @Test
    void stoppingTwoOfFourStopsTheChainAndOneBackResumesItAfterCatchingUp() throws Exception {
        try (LocalChain chain = new LocalChain(dir, LocalChain.SIM_NODE, NODES.toArray(String[]::new))) {
            chain.startAll("v1.0.0");
            stopTwoThenOneBack(chain);
        }
    }

    private void stopTwoThenOneBack(LocalChain chain) throws Exception {
        await("every node at height 3", () -> NODES.stream().allMatch(v -> chain.height(v) >= 3));

        chain.stop("v3");
        long v3Stopped = lastHeight(chain, "v3");
        await("a block without v3 (30 of 40 power)", () -> chain.height("v1") > v3Stopped + 1);
        chain.stop("v4");
        await("v1 waits for peers", () -> chain.log("v1").contains("waiting for peers at height " + chain.height("v1") + ": 20 of 40 power"));
        long stalled = chain.height("v1");
        for (int i = 0; i < 5; i++) { // several block intervals, each seen
            assertThat(chain.height("v1")).as("no block with 20 of 40 power").isEqualTo(stalled);
            assertThat(chain.height("v2")).isEqualTo(stalled);
            Thread.sleep(100);
        }

        chain.start("v3", "v1.0.0");
        await("the chain resumes", () -> chain.height("v1") >= stalled + 3 && chain.height("v3") >= stalled + 3);
        assertThat(chain.log("v3")).contains("catching up from height " + v3Stopped + " to ");
        for (long h = v3Stopped + 1; h <= stalled + 1; h++) {
            assertThat(chain.block("v3", h)).as("block %d as v3 synced it", h).isNotEmpty().isEqualTo(chain.block("v1", h));
        }
        assertThat(chain.block("v1", stalled + 1).split(" ")[4].split(",")).as("v3 signs again").contains("v1", "v2", "v3");
    }

    @Test
    void anUpgradeHaltsEveryNodeAtHAndResumesOnlyWhenTheThirdRunsTheNewReleaseWhileAWrongReleaseNeverSigns() throws Exception {
        try (LocalChain chain = new LocalChain(dir, LocalChain.SIM_NODE, NODES.toArray(String[]::new))) {
            chain.startAll("v1.0.0");
            upgrade(chain);
        }
    }

    private void upgrade(LocalChain chain) throws Exception {
        await("every node at height 2", () -> NODES.stream().allMatch(v -> chain.height(v) >= 2));
        long h = chain.height("v1") + 8;
        for (String v : NODES) {
            assertThat(chain.halt(v, "{\"height\": " + h + ", \"release\": \"v1.1.0\"}")).isEqualTo(200);
        }
        await("every node halted at " + h, () -> NODES.stream().allMatch(v -> chain.status(v).contains("\"latest_block_height\":\"" + h
                + "\"") && chain.status(v).contains("\"halted\":true")));
        for (String v : NODES) {
            assertThat(chain.block(v, h)).as("the same block %d (time, proposer) on %s", h, v).isEqualTo(chain.block("v1", h));
            assertThat(chain.block(v, h + 1)).isEmpty();
        }

        switchTo(chain, "v1", "v1.1.0", h);
        await("v1 waits with 10 of 40", () -> chain.log("v1").contains("waiting for peers at height " + h + ": 10 of 40 power"));
        assertThat(chain.status("v1")).as("waiting for peers is neither catching up nor a new height")
                .contains("\"latest_block_height\":\"" + h + "\"").contains("\"catching_up\":false");
        switchTo(chain, "v2", "v1.1.0", h);
        await("v2 waits with 20 of 40", () -> chain.log("v2").contains("waiting for peers at height " + h + ": 20 of 40 power"));
        switchTo(chain, "v3", "v1.2.0", h);
        await("v3 refuses to sign", () -> chain.log("v3").contains("wrong release for height " + (h + 1)
                + ": the chain runs v1.1.0, this node runs v1.2.0"));
        await("v1 sees no quorum with v3's refusal", () -> chain.log("v1").contains("no quorum for block " + (h + 1)));
        assertThat(NODES.stream().map(chain::height).toList()).as("no block with two nodes on the new release").containsOnly(h);

        switchTo(chain, "v3", "v1.1.0", h);
        await("the chain resumes on v1.1.0", () -> chain.height("v1") >= h + 2 && chain.height("v3") >= h + 2);
        assertThat(chain.block("v1", h + 1)).contains(" v1.1.0 ");
        assertThat(chain.block("v1", h + 1).split(" ")[4].split(",")).containsExactlyInAnyOrder("v1", "v2", "v3");
        assertThat(chain.height("v4")).as("the old release stays halted").isEqualTo(h);
    }

    /** Stops the node and starts {@code tag} from the snapshot at {@code h}, as the agent does. */
    private static void switchTo(LocalChain chain, String v, String tag, long h) throws Exception {
        chain.stop(v);
        chain.start(v, tag, "--snapshot.load-from-block-height", Long.toString(h));
    }

    private static long lastHeight(LocalChain chain, String v) throws Exception {
        return Long.parseLong(java.nio.file.Files.readString(chain.home(v).resolve(Node.HEIGHT_FILE)).trim());
    }
}
