package io.cutover.agent.vega;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.source.UpgradeSource;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.core.config.ConfigResult;
import io.cutover.core.proposal.Platform;

/**
 * The vega-core source against the stand-in core (a real child process on a real unix socket):
 * what it announces, withdraws and refuses, each bad input reported once and never more than that.
 */
class VegaCoreSourceTest {

    @TempDir
    static Path dir;
    private static StandInCore core;
    private static AgentHome home;

    @BeforeAll
    static void startCore() throws Exception {
        home = new AgentHome(dir.resolve("home"));
        core = new StandInCore(dir.resolve("core"), dir.resolve("vega.sock"));
        Path genesis = Files.createDirectories(home.root().resolve("genesis"));
        Files.writeString(genesis.resolve("run-config.toml"), "name = \"genesis\"\n[vega.binary]\npath = \"vega\"\n"
                + "[vega.rpc]\nsocketPath = \"" + core.socket + "\"\nhttpPath = \"/rpc\"\n");
        home.pointCurrentAt("genesis");
        core.start(StandInCore.launcher("v0.1.0", dir.resolve("vega")));
        await().atMost(Duration.ofSeconds(60)).until(() -> core.height() >= 2);
    }

    @AfterAll
    static void stopCore() throws Exception {
        core.close();
    }

    @Test
    void announcesWithdrawsAndRefusesWhatTheCoreSays() throws Exception {
        Recorder agent = new Recorder();
        try (VegaCoreSource source = source(agent, "")) {
            source.start(agent);
            long h = core.height() + 1000;
            core.accept("v0.2.0", h);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.pending.isPresent());
            assertThat(agent.pending.get()).isEqualTo(new Target("v0.2.0@" + h, "v0.2.0", h, List.of(), Target.Origin.CHAIN));

            core.accept("", 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.pending.isEmpty());
            assertThat(agent.events).anyMatch(e -> e.startsWith("withdrawn v0.2.0@" + h + ": the core no longer names"));

            core.accept("latest", h);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.events.stream().anyMatch(e -> e.contains("not a semantic version")));
            core.accept("v0.0.9", h);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.events.stream().anyMatch(e -> e.contains("not above the running")));
            core.accept("", 0);
            agent.awaitAnsweredPolls(3); // the source had its chance to act on the last answers
            assertThat(agent.events.stream().filter(e -> e.contains("not a semantic version"))).as("reported once").hasSize(1);
            assertThat(agent.pending).isEmpty();
        }
    }

    /**
     * Visor counts an unusable answer and a silent socket alike, one retry per 2 s tick, and exits at
     * the first failed call after the limit: with 2 retries the agent gives up 6 s after the last good
     * answer, having reported the problems once each.
     */
    @Test
    void aReplyThatIsNotJsonRpcAndASilentSocketAreReportedOnceAndUseUpTheRetriesInVisorsUnits() throws Exception {
        Recorder agent = new Recorder();
        try (VegaCoreSource source = source(agent, "maxNumberOfFirstConnectionRetries = 2\n")) {
            core.write("admin-reply", "<html>maintenance</html>");
            long started = System.nanoTime();
            source.start(agent);
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.events.stream().anyMatch(e -> e.contains("not a JSON-RPC reply")));
            core.delete("admin-reply");
            core.write("admin-silent", "");
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.events.stream().anyMatch(e -> e.startsWith("gave up")));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("3 ticks of 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(6));
            assertThat(agent.events.stream().filter(e -> e.startsWith("gave up"))).singleElement().asString()
                    .contains("maxNumberOfFirstConnectionRetries = 2");
            core.delete("admin-silent");
            agent.awaitAnsweredPolls(3);
            assertThat(agent.events.stream().filter(e -> e.contains("not a JSON-RPC reply"))).hasSize(1);
            assertThat(agent.events.stream().filter(e -> e.startsWith("gave up"))).as("once").hasSize(1);
            assertThat(agent.pending).as("nothing is ever announced from a bad reply").isEmpty();
        } finally {
            core.delete("admin-reply");
            core.delete("admin-silent");
        }
    }

    /** Zero retries (a config.toml without the key reads 0, as in Visor): the first failed call after Visor's first tick gives up. */
    @Test
    void zeroConnectionRetriesGiveUpAtTheFirstTick() throws Exception {
        Recorder agent = new Recorder();
        try (VegaCoreSource source = source(agent, "maxNumberOfFirstConnectionRetries = 0\n")) {
            core.write("admin-silent", "");
            source.start(agent);
            await().atMost(Duration.ofSeconds(15)).until(() -> agent.events.stream().anyMatch(e -> e.startsWith("gave up")));
            assertThat(agent.events).noneMatch(e -> e.contains("of 0 attempts"));
        } finally {
            core.delete("admin-silent");
        }
    }

    @Test
    void theNewReleaseGetsTheSnapshotArgumentUnlessAnArgumentNamesIt() throws Exception {
        try (VegaCoreSource source = source(new Recorder(), "")) {
            Target t = new Target("v0.2.0@40", "v0.2.0", 40, List.of(), Target.Origin.CHAIN);
            assertThat(source.startArgs(t, List.of("start", "--home", "/v")))
                    .containsExactly("start", "--home", "/v", "--snapshot.load-from-block-height", "40");
            assertThat(source.startArgs(t, List.of("start", "--snapshot.load-from-block-height=12")))
                    .containsExactly("start", "--snapshot.load-from-block-height=12");
        }
    }

    /**
     * Visor checks the version of every binary it starts: a data node that reports another version
     * than the release is a staging problem naming it (tried again while the upgrade is pending), and
     * stops the release from starting.
     */
    @Test
    void aDataNodeOfAnotherVersionIsAStagingProblemTriedAgainAndNeverStarted() throws Exception {
        Path release = Files.createDirectories(home.root().resolve("v0.3.0"));
        StandInCore.launcher("v0.3.0", release.resolve("vega"));
        StandInCore.launcher("v0.3.1", release.resolve("data-node"));
        Files.writeString(release.resolve("run-config.toml"), "[vega.binary]\npath = \"vega\"\nargs = [\"start\"]\n"
                + "[data_node.binary]\npath = \"data-node\"\nargs = [\"datanode\", \"start\"]\n");
        Recorder agent = new Recorder();
        Target target = new Target("v0.3.0@900", "v0.3.0", 900, List.of(), Target.Origin.CHAIN);
        agent.pending = Optional.of(target);
        CompletableFuture<StagingOutcome> staged;
        // the stand-in core accepts no release here: a long grace keeps the target from being withdrawn while staging runs
        try (VegaCoreSource source = source(agent, "", Duration.ofMinutes(5))) {
            source.start(agent);
            AgentConfig config = AgentConfigParser.parse("[upgrade]\nsource = \"vega-core\"\n", "config.toml", home.root()).orThrow();
            staged = CompletableFuture.supplyAsync(() -> source.stage(target, new Stager(home, config, Platform.current())));
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.events.stream().anyMatch(e -> e.startsWith("refused v0.3.0@900: staging try 1 failed: "
                    + "WRONG_VERSION: data_node.binary.path: " + release.resolve("data-node") + " is version v0.3.1, the release is v0.3.0")));
            assertThat(source.runConfig(release)).asInstanceOf(InstanceOfAssertFactories.type(ConfigResult.Invalid.class))
                    .extracting(ConfigResult.Invalid::describe).asString().contains("data_node.binary.path").contains("v0.3.1");
            agent.pending = Optional.empty();
        }
        assertThat(staged.get(30, TimeUnit.SECONDS)).isInstanceOf(StagingOutcome.Failed.class);
    }

    private static VegaCoreSource source(Recorder agent, String extra) throws Exception {
        return source(agent, extra, Duration.ofSeconds(1));
    }

    /** @param emptyGrace how long the core's empty AcceptedReleaseInfo is waited out before a pending upgrade is withdrawn */
    private static VegaCoreSource source(Recorder agent, String extra, Duration emptyGrace) throws Exception {
        AgentConfig config = AgentConfigParser.parse(extra + "[upgrade]\nsource = \"vega-core\"\npollIntervalMillis = 50\n", "config.toml",
                home.root()).orThrow();
        return new VegaCoreSource(home, config, Optional.empty(), emptyGrace);
    }

    /** The agent's side: the pending target, as the state machine would keep it, and every call. */
    static final class Recorder implements UpgradeSource.Announcements {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile Optional<Target> pending = Optional.empty();
        private final AtomicInteger answeredPolls = new AtomicInteger();

        /** Waits until the source completed {@code more} polls that the core answered (each asks for the running release once). */
        void awaitAnsweredPolls(int more) {
            int from = answeredPolls.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> answeredPolls.get() >= from + more);
        }

        @Override
        public void announced(Target target) {
            events.add("announced " + target.proposalId());
            pending = Optional.of(target);
        }

        @Override
        public void withdrawn(String targetId, long height, String why) {
            events.add("withdrawn " + targetId + ": " + why);
            pending = pending.filter(t -> !t.proposalId().equals(targetId));
        }

        @Override
        public void refused(String targetId, String reason) {
            events.add("refused " + targetId + ": " + reason);
        }

        @Override
        public void giveUp(String reason) {
            events.add("gave up: " + reason);
        }

        @Override
        public Optional<Target> pendingTarget() {
            return pending;
        }

        @Override
        public long nodeHeight() {
            return core.height();
        }

        @Override
        public String runningRelease() {
            answeredPolls.incrementAndGet();
            return "v0.1.0";
        }
    }
}
