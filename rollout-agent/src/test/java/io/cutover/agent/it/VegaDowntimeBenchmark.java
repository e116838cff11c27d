package io.cutover.agent.it;

import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.process.ReleaseProcesses;
import io.cutover.agent.process.StopPolicy;
import io.cutover.agent.runtime.RunningAgent;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.agent.vega.AdminRpc;
import io.cutover.agent.vega.GithubReleases;
import io.cutover.agent.vega.StandInCore;
import io.cutover.core.proposal.Platform;
import io.cutover.testing.ReleaseArtifacts;

/**
 * Not a timed test: prints figures, asserts nothing about time. Downtime of one Vega node over a
 * protocol upgrade (the old core's last block H → the new core's first block H+1, from the stand-in
 * core's timeline), the release auto-installed from a local GitHub release API imitation:
 * <ul>
 * <li><b>staged early</b>: the agent ({@code [upgrade] source = "vega-core"}) downloads, checks and
 *     version-checks the release as soon as the core names it, and only switches at ReadyToUpgrade;</li>
 * <li><b>at the halt, as Visor</b>: after ReadyToUpgrade the old core is stopped, then the release is
 *     looked up, downloaded, unpacked and version-checked, then started (Visor's order, done here with
 *     the agent's own classes, so that only the order differs).</li>
 * </ul>
 * Same artifact (a zip padded with incompressible bytes to {@code -Dartifact.mb}, default 64), same
 * run, rounds alternating. Run with
 * {@code ./mvnw -pl rollout-agent -am verify -Dtest=VegaDowntimeBenchmark -Dsurefire.failIfNoSpecifiedTests=false -DskipITs -Drounds=5}.
 */
class VegaDowntimeBenchmark {

    @TempDir
    Path dir;

    @Test
    void downtimeStagedEarlyVersusDownloadedAtTheHalt() throws Exception {
        int rounds = Integer.getInteger("rounds", 5);
        int mb = Integer.getInteger("artifact.mb", 64);
        String asset = "vega-" + Platform.current().replace('/', '-') + ".zip";
        byte[] zip = artifact(mb);
        HttpServer github = github(asset, zip);
        String base = "http://127.0.0.1:" + github.getAddress().getPort();
        List<long[]> early = new ArrayList<>();
        List<long[]> atHalt = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                early.add(stagedEarly(dir.resolve("early-" + round), base, asset));
                atHalt.add(atTheHalt(dir.resolve("halt-" + round), base, asset));
            }
        } finally {
            github.stop(0);
        }
        System.out.printf("%nVega upgrade downtime, artifact %d MB (%d bytes), %d rounds each, alternating%n", mb, zip.length, rounds);
        System.out.println("mode                      downtime p50   (min..max)      ReadyToUpgrade -> new core spawned p50   new core spawn -> block H+1 p50");
        print("staged early (agent)", early);
        print("downloaded at the halt", atHalt);
        System.out.printf("ratio of medians (at the halt / early): %.2f%n", (double) median(atHalt, 0) / median(early, 0));
    }

    /** {downtime, ReadyToUpgrade → new core process started, new core started → block H+1} in ms. */
    private long[] stagedEarly(Path root, String base, String asset) throws Exception {
        VisorHome home = new VisorHome(Files.createDirectories(root), autoInstall(base, asset));
        try (RunningAgent agent = RunningAgent.start(home.agentHome, Clock.systemUTC())) {
            long h = VegaCoreIT.announceAhead(home, 60);
            await().atMost(Duration.ofSeconds(120)).until(() -> home.timeline("block " + (h + 1)) > 0 && agent.agent().lastSwitch() != null);
            return figures(home, h, agent.agent().lastSwitch().spawnedMillis());
        }
    }

    private long[] atTheHalt(Path root, String base, String asset) throws Exception {
        VisorHome home = new VisorHome(Files.createDirectories(root), autoInstall(base, asset));
        AgentConfig config = AgentConfigParser.read(home.agentHome.root()).orThrow();
        AgentHome agentHome = home.agentHome;
        agentHome.pointCurrentAt(AgentHome.GENESIS);
        ReleaseProcesses processes = new ReleaseProcesses(agentHome, new StopPolicy(config.stopDelay(), config.stopSignalTimeout()));
        try (AdminRpc rpc = new AdminRpc(2000)) {
            processes.start(AgentHome.GENESIS, UnaryOperator.identity(), code -> { });
            await().atMost(Duration.ofSeconds(60)).until(() -> home.core.height() >= 3);
            long h = home.core.height() + 60;
            home.core.accept("v0.2.0", h);
            await().atMost(Duration.ofSeconds(120)).pollInterval(config.upgrade().pollInterval()).ignoreExceptions()
                    .until(() -> rpc.upgradeStatus(home.core.socket, "/rpc").readyToUpgrade());
            processes.stop();
            Target target = new Target("v0.2.0@" + h, "v0.2.0", h, List.of(), Target.Origin.CHAIN);
            StagingOutcome staged = new Stager(agentHome, config, Platform.current(), new GithubReleases(config.autoInstall(),
                    Platform.current())).stage(target);
            if (!(staged instanceof StagingOutcome.Staged s)) {
                throw new IllegalStateException("staging failed: " + staged);
            }
            agentHome.pointCurrentAt(s.folder());
            processes.start(s.folder(), args -> {
                List<String> with = new ArrayList<>(args);
                with.addAll(List.of("--snapshot.load-from-block-height", Long.toString(h)));
                return with;
            }, code -> { });
            long spawned = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(120)).until(() -> home.timeline("block " + (h + 1)) > 0);
            return figures(home, h, spawned);
        } finally {
            processes.close();
        }
    }

    /** @param spawned when the new core's process had been spawned (epoch ms, the same clock as the core's timeline) */
    private static long[] figures(VisorHome home, long h, long spawned) throws Exception {
        long lastOld = home.timeline("block " + h);
        long ready = home.timeline("ready " + h);
        long firstNew = home.timeline("block " + (h + 1));
        return new long[] {firstNew - lastOld, spawned - ready, firstNew - spawned};
    }

    private static String autoInstall(String base, String asset) {
        return """
                [autoInstall]
                  enabled = true
                  repositoryOwner = "vegaprotocol"
                  repository = "vega"
                  apiBaseUrl = "%s"
                  [autoInstall.asset]
                    name = "%s"
                    binaryName = "vega"
                """.formatted(base, asset);
    }

    /** The stand-in core v0.2.0's launcher in a zip, padded with incompressible bytes to about {@code mb} MB. */
    private byte[] artifact(int mb) throws Exception {
        Path launcher = StandInCore.launcher("v0.2.0", Files.createDirectories(dir.resolve("build")).resolve("vega"));
        return ReleaseArtifacts.zip(Map.of("vega", Files.readAllBytes(launcher), "share/vega-assets.bin", ReleaseArtifacts.padding(mb, 12)));
    }

    private static HttpServer github(String asset, byte[] zip) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            if (path.equals("/repos/vegaprotocol/vega/releases")) {
                body = ("page=1".equals(exchange.getRequestURI().getQuery().replace("per_page=100&", ""))
                        ? "[{\"id\":2,\"tag_name\":\"v0.2.0\",\"assets\":[{\"name\":\"" + asset + "\",\"browser_download_url\":\"" + base
                                + "/download/" + asset + "\"}]}]" : "[]").getBytes();
            } else if (path.equals("/download/" + asset)) {
                body = zip;
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }

    private static void print(String mode, List<long[]> figures) {
        System.out.printf("%-25s %8d ms     (%d..%d)      %8d ms                             %8d ms%n", mode, median(figures, 0),
                figures.stream().mapToLong(f -> f[0]).min().orElse(0), figures.stream().mapToLong(f -> f[0]).max().orElse(0),
                median(figures, 1), median(figures, 2));
    }

    private static long median(List<long[]> figures, int i) {
        long[] values = figures.stream().mapToLong(f -> f[i]).sorted().toArray();
        return values[values.length / 2];
    }
}
