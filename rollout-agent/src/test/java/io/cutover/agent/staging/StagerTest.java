package io.cutover.agent.staging;

import static io.cutover.testing.ReleaseArtifacts.zip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;

/** Staging with fake binaries: shell scripts that print a version and leave a trace when executed. */
class StagerTest {

    private static final String PLATFORM = "linux/amd64";

    @TempDir
    Path root;

    private AgentHome home;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        home = new AgentHome(root);
        Files.writeString(root.resolve("network.toml"), "chain_id = \"c\"\n");
        Files.writeString(root.resolve("config.toml"), "[network]\nfile = \"network.toml\"\n[autoInstall.asset]\nbinaryName = \"node\"\n");
        writeRelease("genesis", "v1.0.0");
        home.pointCurrentAt("genesis");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body = served.get(ex.getRequestURI().getPath());
            ex.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                if (body != null) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void stagesAnInstalledReleaseWhoseChecksumAndVersionMatch() throws Exception {
        Path binary = writeRelease("v1.1.0", "v1.1.0");
        StagingOutcome outcome = stager(config("")).stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), ""));
        assertThat(outcome).isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
        assertThat(executed("v1.1.0")).isTrue();
    }

    @Test
    void aBinaryWithTheWrongChecksumIsNeverExecuted() throws Exception {
        writeRelease("v1.1.0", "v1.1.0");
        StagingOutcome outcome = stager(config("")).stage(target("v1.1.0", "00".repeat(32), ""));
        assertThat(outcome).isInstanceOf(StagingOutcome.Failed.class);
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.CHECKSUM_MISMATCH);
        assertThat(executed("v1.1.0")).isFalse();
    }

    @Test
    void aBinaryOfAnotherVersionIsRefused() throws Exception {
        Path binary = writeRelease("v1.1.0", "v1.0.9");
        StagingOutcome outcome = stager(config("")).stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), ""));
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.WRONG_VERSION);
        assertThat(outcome.toString()).contains("v1.0.9");
    }

    @Test
    void aBinaryPrintingNoVersionFailsTheCheck() throws Exception {
        Path folder = Files.createDirectories(root.resolve("v1.1.0"));
        Path binary = script(folder.resolve("node"), "echo hello\n");
        Files.writeString(folder.resolve("run-config.toml"), "[vega.binary]\npath = \"node\"\n");
        StagingOutcome outcome = stager(config("")).stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), ""));
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.VERSION_CHECK_FAILED);
    }

    @Test
    void requireChecksumRefusesAnApprovalWithoutOneForThisPlatform() throws Exception {
        writeRelease("v1.1.0", "v1.1.0");
        Target onlyArm = new Target("v1.1.0@100#x", "v1.1.0", 100, List.of(new Target.Artifact("linux/arm64", "ab".repeat(32), "")));
        StagingOutcome outcome = stager(config("")).stage(onlyArm);
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.CHECKSUM_MISSING);
        assertThat(executed("v1.1.0")).isFalse();
        Target none = new Target("v1.1.0@100", "v1.1.0", 100, List.of());
        assertThat(stager(config("[verification]\nrequireChecksum = false\n")).stage(none)).isInstanceOf(StagingOutcome.Staged.class);
    }

    @Test
    void downloadsOnlyThisPlatformsArtifactChecksItAndInstallsIt() throws Exception {
        byte[] zip = zip(Map.of("bin/node", fakeBinary("v1.1.0", "v1.1.0")));
        served.put("/v1.1.0/node-linux-amd64.zip", zip);
        Target target = new Target("id", "v1.1.0", 100, List.of(
                new Target.Artifact("linux/arm64", "ff".repeat(32), url("/nothing-here-arm64.zip")),
                new Target.Artifact(PLATFORM, sha256(zip), url("/v1.1.0/node-linux-amd64.zip"))));
        assertThat(stager(config("")).stage(target)).isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
        assertThat(Files.readString(root.resolve("v1.1.0/run-config.toml"))).contains("path = \"bin/node\"").contains("\"run\"");
        assertThat(executed("v1.1.0")).isTrue();
    }

    @Test
    void installsFromATarGz() throws Exception {
        byte[] tgz = tarGz("node", fakeBinary("v1.1.0", "v1.1.0"), null);
        served.put("/r.tar.gz", tgz);
        Target target = new Target("id", "v1.1.0", 100, List.of(new Target.Artifact(PLATFORM, sha256(tgz), url("/r.tar.gz"))));
        assertThat(stager(config("")).stage(target)).isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
    }

    @Test
    void aDownloadWithTheWrongChecksumIsDeletedAndNeverExecuted() throws Exception {
        byte[] zip = zip(Map.of("node", fakeBinary("v1.1.0", "v1.1.0")));
        served.put("/r.zip", zip);
        Target target = new Target("id", "v1.1.0", 100, List.of(new Target.Artifact(PLATFORM, "ab".repeat(32), url("/r.zip"))));
        StagingOutcome outcome = stager(config("")).stage(target);
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.CHECKSUM_MISMATCH);
        assertThat(root.resolve("v1.1.0")).doesNotExist();
        assertThat(executed("v1.1.0")).isFalse();
    }

    @Test
    void archivesEscapingTheFolderAreRefused() throws Exception {
        byte[] zipSlip = zip(Map.of("../../evil", "x".getBytes(StandardCharsets.UTF_8), "node", fakeBinary("v1.1.0", "v1.1.0")));
        served.put("/slip.zip", zipSlip);
        StagingOutcome slip = stager(config("")).stage(new Target("id", "v1.1.0", 100,
                List.of(new Target.Artifact(PLATFORM, sha256(zipSlip), url("/slip.zip")))));
        assertThat(((StagingOutcome.Failed) slip).problem()).isEqualTo(StagingProblem.UNSAFE_ARCHIVE);
        assertThat(root.getParent().resolve("evil")).doesNotExist();

        byte[] link = tarGz("node", fakeBinary("v1.1.0", "v1.1.0"), "/etc/passwd");
        served.put("/link.tgz", link);
        StagingOutcome withLink = stager(config("")).stage(new Target("id", "v1.1.0", 100,
                List.of(new Target.Artifact(PLATFORM, sha256(link), url("/link.tgz")))));
        assertThat(((StagingOutcome.Failed) withLink).problem()).isEqualTo(StagingProblem.UNSAFE_ARCHIVE);
        assertThat(root.resolve("v1.1.0")).doesNotExist();
    }

    @Test
    void missingReleaseWithoutAutoInstallOrUrlIsReported() throws Exception {
        Target target = new Target("id", "v1.1.0", 100, List.of(new Target.Artifact(PLATFORM, "ab".repeat(32), "")));
        assertThat(((StagingOutcome.Failed) stager(config("")).stage(target)).problem()).isEqualTo(StagingProblem.RELEASE_NOT_FOUND);
        Target withUrl = new Target("id", "v1.1.0", 100, List.of(new Target.Artifact(PLATFORM, "ab".repeat(32), url("/x.zip"))));
        assertThat(((StagingOutcome.Failed) stager(config("[autoInstall]\nenabled = false\n")).stage(withUrl)).problem())
                .isEqualTo(StagingProblem.RELEASE_NOT_FOUND);
        assertThat(((StagingOutcome.Failed) stager(config("")).stage(withUrl)).problem()).isEqualTo(StagingProblem.DOWNLOAD_FAILED);
    }

    @Test
    void withoutAnyKnownChecksumTheReleaseIsStagedAndSaysSoWhenChecksumsAreNotRequired() throws Exception {
        writeRelease("v1.1.0", "v1.1.0");
        Target unknown = new Target("v1.1.0@100", "v1.1.0", 100, List.of(), Target.Origin.CHAIN);
        assertThat(stager(config("[verification]\nrequireChecksum = false\n")).stage(unknown))
                .isEqualTo(new StagingOutcome.Staged("v1.1.0", false));
        assertThat(stager(config("")).stage(unknown)).isInstanceOf(StagingOutcome.Failed.class);
    }

    @Test
    void anOperatorPinnedChecksumIsCheckedAndMustAgreeWithTheTarget() throws Exception {
        Path binary = writeRelease("v1.1.0", "v1.1.0");
        String sha = sha256(Files.readAllBytes(binary));
        Target chain = new Target("v1.1.0@100", "v1.1.0", 100, List.of(), Target.Origin.CHAIN);
        assertThat(stager(config("[verification.sha256]\n\"v1.1.0\" = \"" + sha + "\"\n")).stage(chain))
                .isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
        StagingOutcome wrongPin = stager(config("[verification.sha256]\n\"v1.1.0\" = \"" + "0".repeat(64) + "\"\n")).stage(chain);
        assertThat(wrongPin.toString()).startsWith("CHECKSUM_MISMATCH");
        Files.delete(root.resolve("executed-v1.1.0"));
        StagingOutcome disagree = stager(config("[verification.sha256]\n\"v1.1.0\" = \"" + "0".repeat(64) + "\"\n"))
                .stage(target("v1.1.0", sha, ""));
        assertThat(disagree.toString()).startsWith("CHECKSUM_MISMATCH").contains("pins");
        assertThat(executed("v1.1.0")).as("a binary that fails a check is never executed").isFalse();
    }

    @Test
    void aLocatorFindsTheReleaseWhenTheTargetNamesNoUrlAndAnInstallIsWrittenAsVisorDoes() throws Exception {
        Path genesis = root.resolve("genesis");
        Files.writeString(genesis.resolve("run-config.toml"), """
                name = "genesis"
                [vega.binary]
                  path = "node"
                  args = ["start", "--home", "/v"]
                [vega.rpc]
                  socketPath = "/run/vega.sock"
                  httpPath = "/rpc"
                [data_node.binary]
                  path = "data-node"
                  args = ["node", "--home", "/d"]
                """);
        byte[] zip = zip(Map.of("node", fakeBinary("v1.1.0", "v1.1.0")));
        served.put("/dl/vega-linux-amd64.zip", zip);
        ReleaseLocator locator = new ReleaseLocator() {
            @Override
            public java.util.Optional<String> locate(String tag) {
                return java.util.Optional.of(url("/dl/vega-linux-amd64.zip"));
            }

            @Override
            public String describe(String platform) {
                return "nowhere";
            }
        };
        Target chain = new Target("v1.1.0@100", "v1.1.0", 100, List.of(), Target.Origin.CHAIN);
        assertThat(new Stager(home, config("[verification]\nrequireChecksum = false\n"), PLATFORM, locator).stage(chain))
                .isEqualTo(new StagingOutcome.Staged("v1.1.0", false));
        io.cutover.agent.home.RunConfig installed = io.cutover.agent.home.RunConfig.read(root.resolve("v1.1.0")).orThrow();
        assertThat(installed.name()).isEqualTo("v1.1.0");
        assertThat(installed.node().args()).containsExactly("start", "--home", "/v");
        assertThat(installed.rpc().orElseThrow().socket()).isEqualTo(Path.of("/run/vega.sock"));
        assertThat(installed.dataNode().orElseThrow())
                .isEqualTo(new io.cutover.agent.home.RunConfig.Binary("node", List.of("datanode", "start", "--home", "/d")));
        assertThat(new Stager(home, config(""), PLATFORM).stage(new Target("v1.2.0@100", "v1.2.0", 100,
                List.of(new Target.Artifact(PLATFORM, "ab".repeat(32), "")))).toString())
                .as("the cutover source downloads only an approved URL").startsWith("RELEASE_NOT_FOUND").contains("no download URL");
    }

    @Test
    void upgradeFoldersMapsTheTagToItsFolder() throws Exception {
        Path binary = writeRelease("release-11", "v1.1.0");
        StagingOutcome outcome = stager(config("[upgradeFolders]\n\"v1.1.0\" = \"release-11\"\n"))
                .stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), ""));
        assertThat(outcome).isEqualTo(new StagingOutcome.Staged("release-11", true));
    }

    @Test
    void aRunConfigWithAnAbsoluteBinaryPathIsStaged() throws Exception {
        Path binary = script(Files.createDirectories(root.resolve("opt")).resolve("node"),
                new String(fakeBinary("v1.1.0", "v1.1.0"), StandardCharsets.UTF_8).substring("#!/bin/sh\n".length()));
        Path folder = Files.createDirectories(root.resolve("v1.1.0"));
        Files.writeString(folder.resolve("run-config.toml"), "[vega.binary]\npath = \"" + binary + "\"\nargs = [\"run\"]\n");
        assertThat(stager(config("")).stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), "")))
                .isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
        assertThat(executed("v1.1.0")).isTrue();
    }

    @Test
    void aBinaryThatIsMissingOrNotExecutableFailsStagingNamingTheFile() throws Exception {
        Path binary = writeRelease("v1.1.0", "v1.1.0");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-r--r--"));
        StagingOutcome outcome = stager(config("")).stage(target("v1.1.0", sha256(Files.readAllBytes(binary)), ""));
        assertThat(((StagingOutcome.Failed) outcome).problem()).isEqualTo(StagingProblem.BAD_RELEASE_FOLDER);
        assertThat(outcome.toString()).contains("vega.binary.path: " + binary + " is not executable");
        Files.delete(binary);
        assertThat(stager(config("")).stage(target("v1.1.0", "00".repeat(32), "")).toString())
                .contains("vega.binary.path: " + binary + " does not exist");
    }

    @Test
    void binaryNameIsThePathOfTheBinaryInsideTheArchive() throws Exception {
        byte[] zip = zip(Map.of("a/node", fakeBinary("v1.1.0", "v0.0.1"), "vega-linux-amd64/node", fakeBinary("v1.1.0", "v1.1.0")));
        served.put("/v1.1.0.zip", zip);
        Target target = new Target("id", "v1.1.0", 100, List.of(new Target.Artifact(PLATFORM, sha256(zip), url("/v1.1.0.zip"))));
        assertThat(stager(binaryName("vega-linux-amd64/node")).stage(target))
                .isEqualTo(new StagingOutcome.Staged("v1.1.0", true));
        assertThat(Files.readString(root.resolve("v1.1.0/run-config.toml"))).contains("path = \"vega-linux-amd64/node\"");

        served.put("/v1.2.0.zip", zip);
        Target missing = new Target("id2", "v1.2.0", 100, List.of(new Target.Artifact(PLATFORM, sha256(zip), url("/v1.2.0.zip"))));
        assertThat(stager(binaryName("bin/node")).stage(missing).toString())
                .contains("BAD_RELEASE_FOLDER").contains("no file bin/node (autoInstall.asset.binaryName");
    }

    private Stager stager(AgentConfig config) {
        return new Stager(home, config, PLATFORM);
    }

    private AgentConfig config(String extra) throws IOException {
        return AgentConfigParser.parse(Files.readString(root.resolve("config.toml")) + extra, "config.toml", root).orThrow();
    }

    private AgentConfig binaryName(String binaryName) throws IOException {
        return AgentConfigParser.parse(Files.readString(root.resolve("config.toml")).replace("binaryName = \"node\"",
                "binaryName = \"" + binaryName + "\""), "config.toml", root).orThrow();
    }

    private Target target(String tag, String sha, String url) {
        return new Target(tag + "@100", tag, 100, List.of(new Target.Artifact(PLATFORM, sha, url)));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private boolean executed(String folderName) {
        return Files.exists(root.resolve("executed-" + folderName));
    }

    /** A fake node: leaves executed-&lt;folder&gt; in the home when run, prints {"version": tag}. */
    private byte[] fakeBinary(String folderName, String version) {
        return ("#!/bin/sh\ntouch '" + root.resolve("executed-" + folderName) + "'\n"
                + "echo '{\"version\":\"" + version + "\"}'\n").getBytes(StandardCharsets.UTF_8);
    }

    private Path writeRelease(String folderName, String version) throws IOException {
        Path folder = Files.createDirectories(root.resolve(folderName));
        Files.writeString(folder.resolve("run-config.toml"), "name = \"" + folderName + "\"\n[vega.binary]\npath = \"node\"\nargs = [\"run\"]\n");
        return script(folder.resolve("node"), new String(fakeBinary(folderName, version), StandardCharsets.UTF_8).substring("#!/bin/sh\n".length()));
    }

    private static Path script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static byte[] tarGz(String name, byte[] content, String symlinkTarget) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100755);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            if (symlinkTarget != null) {
                TarArchiveEntry link = new TarArchiveEntry("passwd", TarArchiveEntry.LF_SYMLINK);
                link.setLinkName(symlinkTarget);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
