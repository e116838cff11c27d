package io.cutover.agent.cosmos;

import static io.cutover.testing.ReleaseArtifacts.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.staging.StagingOutcome;
import io.cutover.agent.staging.StagingProblem;

/** Staging a plan's binary into upgrades/&lt;name&gt;/bin, against a real HTTP server. */
class CosmosStagerTest {

    private static final String PLATFORM = "linux/amd64";
    private static final byte[] BINARY = "#!/bin/sh\necho v2\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path home;

    private HttpServer server;
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> fetched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve() throws Exception {
        Files.createDirectories(home.resolve("cosmovisor"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            fetched.add(ex.getRequestURI().getPath());
            byte[] body = files.get(ex.getRequestURI().getPath());
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private CosmosStager stager(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("DAEMON_HOME", home.toString(), "DAEMON_NAME", "simd",
                "DAEMON_ALLOW_DOWNLOAD_BINARIES", "true"));
        env.putAll(extra);
        return new CosmosStager(CosmovisorSettingsReader.read(env, Optional.empty(), true).orThrow(), PLATFORM);
    }

    private static String sha256(byte[] data) {
        return new Checksum("sha256", "").digestOf(data);
    }

    private StagingOutcome stage(String info) {
        return stager(Map.of()).stage(new UpgradePlan("V2", 100, info));
    }

    private Path installed() {
        return home.resolve("cosmovisor/upgrades/v2/bin/simd");
    }

    @Test
    void downloadsOnlyThisPlatformChecksItAndInstallsItExecutable() throws Exception {
        files.put("/linux", BINARY);
        files.put("/darwin", "other".getBytes(StandardCharsets.UTF_8));
        StagingOutcome outcome = stage("{\"binaries\":{\"darwin/arm64\":\"" + url("/darwin") + "?checksum=sha256:" + "0".repeat(64)
                + "\",\"linux/amd64\":\"" + url("/linux") + "?checksum=sha256:" + sha256(BINARY) + "\"}}");
        assertThat(outcome).isEqualTo(new StagingOutcome.Staged("upgrades/v2", true));
        assertThat(fetched).containsExactly("/linux");
        assertThat(installed()).hasBinaryContent(BINARY).isExecutable();
        assertThat(home.resolve("cosmovisor/.cutover")).isEmptyDirectory();
    }

    @Test
    void usesABinaryAlreadyInPlaceWithoutDownloading() throws Exception {
        Files.createDirectories(installed().getParent());
        Files.write(installed(), BINARY);
        assertThat(stager(Map.of("DAEMON_ALLOW_DOWNLOAD_BINARIES", "false")).stage(new UpgradePlan("v2", 100, "")))
                .isEqualTo(new StagingOutcome.Staged("upgrades/v2", false));
        assertThat(installed()).isExecutable();
        assertThat(fetched).isEmpty();
    }

    @Test
    void withoutDownloadsAMissingBinaryIsNotReady() {
        StagingOutcome outcome = stager(Map.of("DAEMON_ALLOW_DOWNLOAD_BINARIES", "false")).stage(new UpgradePlan("v2", 100, ""));
        assertFailed(outcome, StagingProblem.RELEASE_NOT_FOUND, "DAEMON_ALLOW_DOWNLOAD_BINARIES", "add-upgrade v2");
    }

    @Test
    void aChecksumMismatchIsDeletedUnexecuted() {
        files.put("/linux", BINARY);
        assertFailed(stage("{\"binaries\":{\"linux/amd64\":\"" + url("/linux") + "?checksum=sha256:" + "0".repeat(64) + "\"}}"),
                StagingProblem.CHECKSUM_MISMATCH, "deleted unexecuted");
        assertThat(home.resolve("cosmovisor/upgrades")).doesNotExist();
        assertThat(home.resolve("cosmovisor/.cutover")).isEmptyDirectory();
    }

    @Test
    void aChecksumIsRequiredUnlessTurnedOffExplicitly() throws Exception {
        files.put("/linux", BINARY);
        String info = "{\"binaries\":{\"linux/amd64\":\"" + url("/linux") + "\"}}";
        assertFailed(stage(info), StagingProblem.CHECKSUM_MISSING, "DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM");
        assertThat(fetched).as("nothing downloaded").isEmpty();
        assertThat(stager(Map.of("DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM", "false")).stage(new UpgradePlan("v2", 100, info)))
                .isInstanceOf(StagingOutcome.Staged.class);
    }

    @Test
    void badInputHasItsReason() {
        files.put("/linux", BINARY);
        assertFailed(stage("see the forum"), StagingProblem.PLAN_INFO_INVALID, "neither JSON nor a URL");
        assertFailed(stage("{\"binaries\":{\"darwin/arm64\":\"" + url("/d") + "\"}}"), StagingProblem.NO_BINARY_FOR_PLATFORM,
                "neither linux/amd64, nor any");
        assertFailed(stage("{\"binaries\":{\"any\":\"" + url("/linux") + "?checksum=sha256:abc\"}}"), StagingProblem.CHECKSUM_INVALID,
                "64 hex digits");
        assertFailed(stage("{\"binaries\":{\"any\":\"" + url("/gone") + "?checksum=sha256:" + sha256(BINARY) + "\"}}"),
                StagingProblem.DOWNLOAD_FAILED, "HTTP 404");
        assertThat(home.resolve("cosmovisor/upgrades")).doesNotExist();
    }

    @Test
    void aTruncatedDownloadIsNeverInstalled() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket client = socket.accept()) {
                    client.getInputStream().read(new byte[4096]);
                    OutputStream out = client.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + BINARY.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(BINARY, 0, 5);
                    out.flush();
                } catch (java.io.IOException e) {
                    // the connection closes early on purpose
                }
            });
            server.start();
            StagingOutcome cut = stage("{\"binaries\":{\"any\":\"http://127.0.0.1:" + socket.getLocalPort() + "/cut?checksum=sha256:"
                    + sha256(BINARY) + "\"}}");
            server.join(10_000);
            assertThat(cut).isInstanceOf(StagingOutcome.Failed.class);
            assertThat(((StagingOutcome.Failed) cut).problem()).isIn(StagingProblem.DOWNLOAD_FAILED, StagingProblem.CHECKSUM_MISMATCH);
            assertThat(home.resolve("cosmovisor/upgrades")).doesNotExist();
        }
    }

    @Test
    void unpacksAnArchiveWithTheBinaryInBinOrAtItsRoot() throws Exception {
        byte[] inBin = zip(Map.of("bin/simd", BINARY, "lib/libwasm.so", new byte[] {1}));
        files.put("/a.zip", inBin);
        assertThat(stage("{\"binaries\":{\"any\":\"" + url("/a.zip") + "?checksum=sha256:" + sha256(inBin) + "\"}}"))
                .isInstanceOf(StagingOutcome.Staged.class);
        assertThat(installed()).hasBinaryContent(BINARY).isExecutable();
        assertThat(home.resolve("cosmovisor/upgrades/v2/lib/libwasm.so")).exists();

        byte[] atRoot = zip(Map.of("simd", BINARY));
        files.put("/b.zip", atRoot);
        assertThat(stager(Map.of()).stage(new UpgradePlan("v3", 200, "{\"binaries\":{\"any\":\"" + url("/b.zip") + "?checksum=sha256:"
                + sha256(atRoot) + "\"}}"))).isInstanceOf(StagingOutcome.Staged.class);
        assertThat(home.resolve("cosmovisor/upgrades/v3/bin/simd")).hasBinaryContent(BINARY);
    }

    @Test
    void anArchiveEscapingItsFolderIsRefused() throws Exception {
        byte[] evil = zip(Map.of("bin/simd", BINARY, "../../../escaped", BINARY));
        files.put("/evil.zip", evil);
        assertFailed(stage("{\"binaries\":{\"any\":\"" + url("/evil.zip") + "?checksum=sha256:" + sha256(evil) + "\"}}"),
                StagingProblem.UNSAFE_ARCHIVE, "escapes");
        assertThat(home.resolve("escaped")).doesNotExist();
        assertThat(home.resolve("cosmovisor/upgrades")).doesNotExist();
    }

    private static void assertFailed(StagingOutcome outcome, StagingProblem problem, String... details) {
        assertThat(outcome).isInstanceOfSatisfying(StagingOutcome.Failed.class, f -> {
            assertThat(f.problem()).isEqualTo(problem);
            assertThat(f.detail()).contains(details);
        });
    }
}
