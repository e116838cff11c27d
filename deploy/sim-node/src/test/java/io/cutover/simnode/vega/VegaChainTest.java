package io.cutover.simnode.vega;

import static io.cutover.simnode.Processes.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.simnode.LocalChain;
import io.cutover.simnode.Processes;

/** Four stand-in cores of power 10 started with --peers: one chain through a protocol upgrade. */
class VegaChainTest {

    private static final List<String> NODES = List.of("v1", "v2", "v3", "v4");

    @TempDir
    Path dir;

    @Test
    void everyCoreStopsAtHAndTheChainResumesWhenThreeRunTheNewRelease() throws Exception {
        try (LocalChain chain = new LocalChain(dir, VegaChainTest::core, NODES.toArray(String[]::new))) {
            chain.startAll("v0.1.0");
            long h = haltAtAnUpgrade(chain);

            for (String v : List.of("v1", "v2")) {
                chain.stop(v);
                chain.start(v, "v0.2.0", "--snapshot.load-from-block-height", Long.toString(h));
            }
            await("v2 waits with 20 of 40", () -> chain.log("v2").contains("waiting for peers at height " + h + ": 20 of 40 power"));
            assertThat(height(chain, "v1")).as("no block with 20 of 40 power").isEqualTo(h);

            chain.stop("v3");
            chain.start("v3", "v0.2.0", "--snapshot.load-from-block-height", Long.toString(h));
            awaitBlockPast(chain, h, "v0.2.0");
        }
    }

    /**
     * The snapshot at H holds the accepted proposal and no active one: the release before the upgrade,
     * started from it, reports the accepted release until its first block past H, then none, and goes
     * on (how validators return to it after a failed upgrade).
     */
    @Test
    void theReleaseBeforeTheUpgradeStartedFromTheSnapshotAtHGoesOnPastIt() throws Exception {
        try (LocalChain chain = new LocalChain(dir, VegaChainTest::core, NODES.toArray(String[]::new))) {
            chain.startAll("v0.1.0");
            long h = haltAtAnUpgrade(chain);

            chain.stop("v1");
            chain.start("v1", "v0.1.0", "--snapshot.load-from-block-height", Long.toString(h));
            await("v1 answers from its snapshot", () -> admin("v1").contains("\"VegaReleaseTag\":\"v0.2.0\",\"UpgradeBlockHeight\":" + h));
            assertThat(admin("v1")).contains("\"ReadyToUpgrade\":false");
            for (String v : List.of("v2", "v3")) {
                chain.stop(v);
                chain.start(v, "v0.1.0", "--snapshot.load-from-block-height", Long.toString(h));
            }
            awaitBlockPast(chain, h, "v0.1.0");
            await("no accepted release past H", () -> admin("v1").contains("\"VegaReleaseTag\":\"\""));
        }
    }

    /** Waits for blocks on every core, makes each accept v0.2.0 six blocks ahead, and waits for every core ready at H; returns H. */
    private long haltAtAnUpgrade(LocalChain chain) throws Exception {
        await("blocks on every core", () -> NODES.stream().allMatch(v -> height(chain, v) >= 2));
        long h = height(chain, "v1") + 6;
        for (String v : NODES) {
            Files.writeString(chain.home(v).resolve(CoreChain.ACCEPTED_FILE), "v0.2.0 " + h);
        }
        await("every core ready at H", () -> NODES.stream().allMatch(v -> admin(v).contains("\"ReadyToUpgrade\":true")));
        for (String v : NODES) {
            assertThat(height(chain, v)).as("%s stopped at H", v).isEqualTo(h);
            assertThat(Files.exists(chain.home(v).resolve("snapshot-" + h))).isTrue();
        }
        return h;
    }

    /** Waits for two blocks past {@code h} on v1 and v3; block H+1 was made by {@code release}. */
    private static void awaitBlockPast(LocalChain chain, long h, String release) throws Exception {
        await("the chain resumes on " + release, () -> height(chain, "v1") >= h + 2 && height(chain, "v3") >= h + 2);
        assertThat(chain.log("v1")).contains("block " + (h + 1) + " committed by " + release);
        assertThat(Files.readAllLines(chain.home("v1").resolve(CoreChain.TIMELINE_FILE)))
                .anyMatch(l -> l.startsWith("block " + (h + 1) + " ") && l.endsWith(" " + release));
    }

    /** A stand-in core with its admin socket beside its home and a 100 ms block interval. */
    private static List<String> core(Path releases, String tag, Path home, String validator, Path peers) throws IOException {
        Path launcher = releases.resolve(tag).resolve("vega");
        if (!Files.exists(launcher)) {
            VegaCore.writeLauncher(tag, launcher, VegaCore.ownJar());
        }
        return List.of(launcher.toString(), "start", "--home", home.toString(), "--admin-socket",
                home.resolveSibling(validator + ".sock").toString(), "--block-interval", "100ms", "--peers", peers.toString(),
                "--validator", validator);
    }

    /** The core's committed height (its height file: /status stops answering at H). */
    private static long height(LocalChain chain, String v) {
        String text = Processes.read(chain.home(v).resolve(CoreChain.HEIGHT_FILE)).trim();
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    private String admin(String v) {
        try {
            return AdminCall.upgradeStatus(dir.resolve(v + ".sock")).body();
        } catch (IOException e) {
            return "";
        }
    }
}
