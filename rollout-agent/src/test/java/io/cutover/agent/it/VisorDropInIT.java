package io.cutover.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.home.VisorInit;
import io.cutover.agent.vega.StandInCore;
import io.cutover.core.proposal.Platform;
import io.cutover.testing.ReleaseArtifacts;

/**
 * The packaged agent as a drop-in for Visor: Visor homes as operators have them, each upgraded with
 * its data node by the stand-in core (strict admin server, CometBFT RPC gone at H), the agent's
 * stdout and stderr in files of their own. One imitation of GitHub's release API serves both tests.
 */
class VisorDropInIT {

    private static final Duration LONG = Duration.ofSeconds(90);
    private static final String ASSET = "vega-" + Platform.current().replace('/', '-') + ".zip";
    /** What the genesis data node's wrapper prints before it starts the data node: bytes that are not UTF-8, CR LF, no newline last. */
    private static final byte[] RAW_STDOUT = {'r', 'a', 'w', ' ', (byte) 0xff, (byte) 0xfe, ' ', 'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9, '\r',
        '\n', 'n', 'o', ' ', 'n', 'e', 'w', 'l', 'i', 'n', 'e'};

    @TempDir
    static Path shared;
    private static ReleaseApi github;
    /** Whether release v0.2.0 lists its asset yet. */
    private static volatile BooleanSupplier published = () -> false;

    @TempDir
    Path dir;

    @BeforeAll
    static void startReleaseApi() throws Exception {
        byte[] zip = ReleaseArtifacts.zip(Map.of("vega", Files.readAllBytes(StandInCore.launcher("v0.2.0", shared.resolve("vega")))));
        github = new ReleaseApi("v0.2.0", Map.of(ASSET, zip), () -> published.getAsBoolean());
    }

    @AfterAll
    static void stopReleaseApi() {
        github.close();
    }

    /**
     * config.toml exactly as {@code visor init --with-data-node} writes it (Visor's defaults, go-toml's
     * literal strings, the example upgrade folder vX.X.X) plus the two lines that select the source and
     * the node's status URL (the stand-in's CometBFT port is not 26657) and the release API (a local
     * imitation of GitHub); genesis/run-config.toml as Vega's docs write it, with absolute paths. The
     * release v0.2.0 is published only once the core has halted and stopped: staging fails until then,
     * is tried again, and succeeds at once after the halt. Then the upgraded core crashes: core and
     * data node restart aligned on the data node's latest history segment. All along, the children's
     * output passes through byte for byte on the agent's stdout and stderr.
     */
    @Test
    void aHomeAsVisorInitWritesItUpgradesWithItsDataNodeFetchesAReleasePublishedAfterTheHaltAndRestartsACrashedCoreAligned()
            throws Exception {
        VisorHome home = new VisorHome(dir, "");
        StandInCore core = home.core;
        Files.writeString(dir.resolve("config.toml"), VisorInit.config(ASSET).replace("[autoInstall.asset]",
                "apiBaseUrl = '" + github.base() + "'\n\n[autoInstall.asset]") + """

                [upgrade]
                source = "vega-core"
                [node]
                statusUrl = "http://127.0.0.1:%d/status"
                """.formatted(core.port));
        for (String example : List.of("vX.X.X")) {
            Files.createDirectories(dir.resolve(example));
            Files.writeString(dir.resolve(example).resolve("run-config.toml"), VisorInit.runConfig(example));
        }
        Path genesis = dir.resolve("genesis");
        Path wrapper = genesis.resolve("data-node.sh");
        Files.write(wrapper, ("#!/bin/sh\nprintf '" + octal(RAW_STDOUT) + "'\nprintf 'the data node wrapper on stderr\\n' >&2\nexec '"
                + genesis.resolve("vega") + "' \"$@\"\n").getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(genesis.resolve("run-config.toml"), """
                name = "genesis"

                [vega]
                  [vega.binary]
                    path = "%s"
                    args = [%s]
                  [vega.rpc]
                    socketPath = "%s"
                    httpPath = "/rpc"

                [data_node]
                  [data_node.binary]
                    path = "%s"
                    args = ["datanode", "start", "--home", "%s"]
                """.formatted(genesis.resolve("vega"), quoted(core.startArgs("100ms")), core.socket, wrapper, core.home));
        Process agent = startAgent(dir);
        try {
            await().atMost(LONG).until(() -> home.lastSeenHeight() >= 3);
            long h = core.height() + 20;
            published = () -> haltedAndStopped(home, h);
            core.accept("v0.2.0", h);
            await().atMost(LONG).until(() -> home.lastError().contains("staging try 1 failed"));
            assertThat(home.lastSeenHeight()).as("the failed try is reported before the halt").isLessThan(h);

            await().atMost(LONG).until(() -> home.phase().equals("RUNNING") && home.stateText().contains("\"runningRelease\" : \"v0.2.0\""));
            assertThat(home.stateText()).contains("\"haltedAtHeight\" : " + h);
            assertThat(home.lines("starts.log")).anyMatch(l -> l.startsWith("v0.2.0 ") && l.contains("--snapshot.load-from-block-height " + h));
            assertThat(Files.readString(dir.resolve("v0.2.0/run-config.toml"))).as("Visor's copy of the current run-config")
                    .contains("\"datanode\", \"start\"").contains(core.socket.toString());
            assertThat(home.agentHome.currentRelease()).isEqualTo("v0.2.0");

            long segment = await().atMost(LONG).until(() -> Long.parseLong("0" + core.read("history-segment").trim()), s -> s > h);
            long corePid = Long.parseLong(home.children().get(0).split(" ")[0]);
            ProcessHandle.of(corePid).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(LONG).until(() -> home.lines("starts.log").stream()
                    .anyMatch(l -> l.startsWith("v0.2.0 ") && !l.contains("--snapshot.load-from-block-height " + h)
                            && l.matches(".*--snapshot.load-from-block-height \\d+.*")));
            String restart = home.lines("starts.log").get(home.lines("starts.log").size() - 1);
            long from = Long.parseLong(restart.replaceAll(".*--snapshot.load-from-block-height (\\d+).*", "$1"));
            assertThat(from).as("the data node's latest segment when the core crashed, or a later one").isGreaterThanOrEqualTo(segment)
                    .isGreaterThan(h);
            await().atMost(LONG).until(() -> core.height() > from + 1 && home.phase().equals("RUNNING"));
            assertThat(home.stateText()).contains("\"restarts\" : 1");
            assertThat(home.lines("datanode-starts.log")).as("the data node started again with the core")
                    .filteredOn(l -> l.startsWith("v0.2.0 datanode start")).hasSize(2);
        } finally {
            VisorHome.stop(agent);
        }
        assertThat(home.children()).isEmpty();

        byte[] out = Files.readAllBytes(dir.resolve("agent.out"));
        String err = Files.readString(dir.resolve("agent.err"));
        assertThat(indexOf(out, RAW_STDOUT)).as("the child's stdout, byte for byte, on the agent's stdout").isNotNegative();
        assertThat(err).as("the child's stderr on the agent's stderr").contains("the data node wrapper on stderr\n");
        assertThat(new String(out, StandardCharsets.ISO_8859_1)).doesNotContain("the data node wrapper on stderr")
                .contains("vega-core v0.1.0 started at height ").contains("\ndata node v0.2.0 running\n")
                .containsPattern("\n\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^\\]]+\\] current -> v0.2.0\n");
    }

    /**
     * A minimal hand-written home (no Visor key but small connection retries, run-configs without a
     * name, no [autoInstall]: the release is installed by hand). config.toml is edited while the node
     * runs: into an invalid state (the configuration in force stays, the log says why), then to 3
     * retries (the log names the change, and the new limit is the one used up at the end). The new core waits for its peers
     * (the stand-in takes no block while hold-blocks names its release) for 10 s, longer than every
     * limit in force (8 s: maxNumberOfFirstConnectionRetries = 3 at Visor's 2 s tick; 2 s:
     * node.startTimeoutSeconds, which never stops a live core under vega-core): it is not killed, and runs on when its peers come. The limits count failed calls
     * and silence, and a waiting core answers both its admin socket and its status, so no limit ever
     * starts to run out while it waits: 10 s, past every one of them, proves it for 3 minutes as well. Then the
     * admin socket goes silent and the retries run out: the agent stops core and data node and exits 1,
     * as Visor does.
     */
    @Test
    void aMinimalHomeReloadsItsEditedConfigUpgradesItsCoreWaitingForPeersIsNotKilledAndUsedUpRetriesExitNonZero() throws Exception {
        VisorHome home = new VisorHome(dir, "");
        StandInCore core = home.core;
        Files.writeString(dir.resolve("config.toml"), """
                maxNumberOfFirstConnectionRetries = 2
                [upgrade]
                source = "vega-core"
                [node]
                statusUrl = "http://127.0.0.1:%d/status"
                startTimeoutSeconds = 2
                """.formatted(core.port));
        home.release("v0.2.0", "v0.2.0");
        for (String folder : List.of("genesis", "v0.2.0")) {
            Files.writeString(dir.resolve(folder).resolve("run-config.toml"), """
                    [vega.binary]
                    path = "vega"
                    args = [%s]
                    [vega.rpc]
                    socketPath = "%s"
                    httpPath = "/rpc"
                    [data_node.binary]
                    path = "vega"
                    args = ["datanode", "start", "--home", "%s"]
                    """.formatted(quoted(core.startArgs("100ms")), core.socket, core.home));
        }
        core.write("hold-blocks", "v0.2.0");
        Process agent = startAgent(dir);
        try {
            await().atMost(LONG).until(() -> home.lastSeenHeight() >= 3);
            Path config = dir.resolve("config.toml");
            String minimal = Files.readString(config);
            edit(config, minimal.replace("maxNumberOfFirstConnectionRetries = 2", "maxNumberOfFirstConnectionRetries = \"two\""));
            await().atMost(LONG).until(() -> Files.readString(dir.resolve("agent.out"))
                    .contains("config.toml was edited and is not valid: the configuration in force stays as it was"));
            assertThat(Files.readString(dir.resolve("agent.out"))).contains("maxNumberOfFirstConnectionRetries");
            edit(config, minimal.replace("maxNumberOfFirstConnectionRetries = 2", "maxNumberOfFirstConnectionRetries = 3"));
            await().atMost(LONG).until(() -> Files.readString(dir.resolve("agent.out"))
                    .contains("config.toml reloaded: maxNumberOfFirstConnectionRetries 2 -> 3"));

            long h = core.height() + 20;
            core.accept("v0.2.0", h);
            await().atMost(LONG).until(() -> core.read("timeline.log").contains(" v0.2.0\n") && home.phase().equals("STARTING")
                    && !home.children().isEmpty() && home.children().get(0).endsWith("node v0.2.0"));
            List<String> waiting = home.children();
            long since = System.nanoTime();
            Thread.sleep(10_000);
            assertThat(Duration.ofNanos(System.nanoTime() - since)).isGreaterThan(Duration.ofSeconds(9));
            assertThat(home.phase()).as("still starting: waiting for peers is healthy").isEqualTo("STARTING");
            assertThat(home.children()).as("the same processes").isEqualTo(waiting);
            assertThat(home.stateText()).contains("\"attempts\" : 0");
            assertThat(core.height()).as("the chain waited at H").isEqualTo(h);

            core.delete("hold-blocks");
            await().atMost(LONG).until(() -> home.phase().equals("RUNNING") && core.height() > h + 1);
            assertThat(home.children()).isEqualTo(waiting);

            long corePid = Long.parseLong(waiting.get(0).split(" ")[0]);
            long silentFrom = System.nanoTime();
            core.write("admin-silent", "");
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).as("the agent exits").isTrue();
            assertThat(agent.exitValue()).isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - silentFrom)).as("(3 + 1) ticks of 2 s: the reloaded limit")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
            assertThat(ProcessHandle.of(corePid).map(ProcessHandle::isAlive).orElse(false)).as("the core was stopped").isFalse();
            assertThat(Files.readString(dir.resolve("agent.out"))).contains("GIVING UP").contains("maxNumberOfFirstConnectionRetries = 3");
        } finally {
            core.delete("admin-silent");
            VisorHome.stop(agent);
        }
        assertThat(home.children()).isEmpty();
    }

    /** Replaces {@code file} as an editor does (a new file renamed over the old one). */
    private static void edit(Path file, String content) throws Exception {
        Path temp = file.resolveSibling(file.getFileName() + ".swp");
        Files.writeString(temp, content);
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The packaged agent, its stdout and stderr each in a file of its own (agent.out, agent.err). */
    private static Process startAgent(Path home) throws Exception {
        Path launcher = Path.of("..", "bin", "rollout-agent").toAbsolutePath().normalize();
        return new ProcessBuilder(launcher.toString(), "run", "--home", home.toString())
                .redirectOutput(home.resolve("agent.out").toFile()).redirectError(home.resolve("agent.err").toFile()).start();
    }

    /** The core reported ReadyToUpgrade at {@code h} and the agent stopped every child (its children.pids is empty). */
    private static boolean haltedAndStopped(VisorHome home, long h) {
        try {
            return home.timeline("ready " + h) > 0 && home.children().isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static String quoted(List<String> args) {
        return String.join(", ", args.stream().map(a -> "\"" + a + "\"").toList());
    }

    /** printf's octal escapes of {@code bytes}. */
    private static String octal(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("\\%03o", b & 0xff));
        }
        return s.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
