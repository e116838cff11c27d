package io.cutover.agent.vega;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentConfigParser;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;

/** Visor's GitHub release lookup against a local imitation of the API: pages, bare binaries, this platform only. */
class GithubReleasesTest {

    @TempDir
    Path root;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final Map<String, String> links = new ConcurrentHashMap<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String key = ex.getRequestURI().getPath() + (ex.getRequestURI().getQuery() == null ? "" : "?" + ex.getRequestURI().getQuery());
            requested.add(key);
            byte[] body = served.get(key);
            if (links.containsKey(key)) {
                ex.getResponseHeaders().set("Link", links.get(key));
            }
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

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private AgentConfig config(String assetName) {
        return AgentConfigParser.parse("[upgrade]\nsource = \"vega-core\"\n[autoInstall]\nenabled = true\n"
                + "repositoryOwner = \"vegaprotocol\"\nrepository = \"vega\"\napiBaseUrl = \"" + base() + "\"\n"
                + "[autoInstall.asset]\nname = \"" + assetName + "\"\nbinaryName = \"vega-linux-amd64\"\n", "config.toml", root).orThrow();
    }

    /** Page {@code page} of the release list; all but the last name the next one in a Link header, as GitHub does. */
    private void releases(int page, String json, boolean last) {
        String key = "/repos/vegaprotocol/vega/releases?per_page=100&page=" + page;
        served.put(key, json.getBytes(StandardCharsets.UTF_8));
        if (!last) {
            links.put(key, "<" + base() + "/repos/vegaprotocol/vega/releases?per_page=100&page=" + (page + 1) + ">; rel=\"next\", <"
                    + base() + "/repos/vegaprotocol/vega/releases?per_page=100&page=9>; rel=\"last\"");
        }
    }

    @Test
    void findsTheTagOnALaterPageAndInstallsABareBinary() throws Exception {
        releases(1, "[{\"tag_name\":\"v0.3.0\",\"assets\":[]}]", false);
        releases(2, "[{\"tag_name\":\"v0.2.0\",\"assets\":[{\"name\":\"vega-linux-arm64\",\"browser_download_url\":\"" + base()
                + "/dl/arm\"},{\"name\":\"vega-linux-amd64\",\"browser_download_url\":\"" + base() + "/dl/vega-linux-amd64\"}]}]", false);
        releases(3, "[{\"tag_name\":\"v0.1.0\",\"assets\":[]}]", true);
        served.put("/dl/vega-linux-amd64", "#!/bin/sh\necho '{\"version\":\"v0.2.0\"}'\n".getBytes(StandardCharsets.UTF_8));
        AgentHome home = new AgentHome(root);
        Path genesis = Files.createDirectories(root.resolve("genesis"));
        Files.writeString(genesis.resolve("run-config.toml"), "name = \"genesis\"\n[vega.binary]\npath = \"vega\"\nargs = [\"start\"]\n");
        home.pointCurrentAt("genesis");
        AgentConfig config = config("vega-linux-amd64");

        GithubReleases github = new GithubReleases(config.autoInstall(), "linux/amd64");
        assertThat(github.locate("v0.2.0")).contains(base() + "/dl/vega-linux-amd64");
        assertThat(github.locate("v9.9.9")).as("a page without a next link ends the search").isEmpty();
        assertThat(requested).as("every page, and no page past the last").contains("/repos/vegaprotocol/vega/releases?per_page=100&page=3")
                .doesNotContain("/repos/vegaprotocol/vega/releases?per_page=100&page=4");

        StagingOutcome outcome = new Stager(home, config, "linux/amd64", github)
                .stage(new Target("v0.2.0@50", "v0.2.0", 50, List.of(), Target.Origin.CHAIN));
        assertThat(outcome).isEqualTo(new StagingOutcome.Staged("v0.2.0", false));
        assertThat(Files.getPosixFilePermissions(root.resolve("v0.2.0/vega-linux-amd64")))
                .containsAll(PosixFilePermissions.fromString("r-x------"));
        assertThat(requested).as("only this platform's asset").doesNotContain("/dl/arm");
    }

    @Test
    void anAssetNamedForAnotherPlatformIsRefusedBeforeAnythingIsAsked() {
        Stager.Failure refused = catchThrowableOfType(Stager.Failure.class,
                () -> new GithubReleases(config("vega-darwin-arm64.zip").autoInstall(), "linux/amd64").locate("v0.2.0"));
        assertThat(refused.getMessage()).contains("not for this host's platform linux/amd64");
        assertThat(requested).isEmpty();
        assertThat(catchThrowableOfType(Stager.Failure.class,
                () -> new GithubReleases(config("vega-linux-arm64.zip").autoInstall(), "linux/amd64").locate("v0.2.0"))).isNotNull();
    }

    @Test
    void aReleaseWithoutTheAssetOrAnApiErrorSaysWhy() throws Exception {
        releases(1, "[{\"tag_name\":\"v0.2.0\",\"assets\":[{\"name\":\"checksums.txt\",\"browser_download_url\":\"x\"}]}]", true);
        GithubReleases github = new GithubReleases(config("vega-linux-amd64.zip").autoInstall(), "linux/amd64");
        assertThat(catchThrowableOfType(Stager.Failure.class, () -> github.locate("v0.2.0")).getMessage())
                .contains("no asset named vega-linux-amd64.zip").contains("checksums.txt");
        served.clear();
        assertThat(catchThrowableOfType(Stager.Failure.class, () -> github.locate("v0.2.0")).getMessage()).contains("HTTP 404");
        assertThat(Optional.of(github.describe("linux/amd64"))).hasValueSatisfying(d -> assertThat(d).contains("vegaprotocol/vega"));
    }

    @Test
    void anAssetMissingFromTheReleasesOwnListIsLookedUpInEveryPageOfItsAssetList() throws Exception {
        String assets = "/repos/vegaprotocol/vega/releases/7/assets";
        releases(1, "[{\"id\":7,\"tag_name\":\"v0.2.0\",\"assets_url\":\"" + base() + assets + "\",\"assets\":[]}]", true);
        served.put(assets + "?per_page=100", "[{\"name\":\"checksums.txt\"}]".getBytes(StandardCharsets.UTF_8));
        links.put(assets + "?per_page=100", "<" + assets + "?per_page=100&page=2>; rel=\"next\"");
        served.put(assets + "?per_page=100&page=2", ("[{\"name\":\"vega-linux-amd64.zip\",\"browser_download_url\":\"" + base()
                + "/dl/zip\"}]").getBytes(StandardCharsets.UTF_8));
        assertThat(new GithubReleases(config("vega-linux-amd64.zip").autoInstall(), "linux/amd64").locate("v0.2.0"))
                .as("a relative next link resolves against the page that named it").contains(base() + "/dl/zip");
    }

    @Test
    void anAnswerThatIsNotJsonIsAFailureSayingSo() {
        served.put("/repos/vegaprotocol/vega/releases?per_page=100&page=1", "<html>rate limited</html>".getBytes(StandardCharsets.UTF_8));
        Stager.Failure failure = catchThrowableOfType(Stager.Failure.class,
                () -> new GithubReleases(config("vega-linux-amd64.zip").autoInstall(), "linux/amd64").locate("v0.2.0"));
        assertThat(failure.getMessage()).contains("not JSON");
        assertThat(failure.problem()).isEqualTo(io.cutover.agent.staging.StagingProblem.DOWNLOAD_FAILED);
    }

    @Test
    void repositoryAndAssetKeysThatVisorReadsAsEmptyAreNamedBeforeAnythingIsAsked() {
        AgentConfig onlyEnabled = AgentConfigParser.parse("[upgrade]\nsource = \"vega-core\"\n[autoInstall]\nenabled = true\napiBaseUrl = \""
                + base() + "\"\n", "config.toml", root).orThrow();
        Stager.Failure failure = catchThrowableOfType(Stager.Failure.class,
                () -> new GithubReleases(onlyEnabled.autoInstall(), "linux/amd64").locate("v0.2.0"));
        assertThat(failure.getMessage()).startsWith("autoInstall.repositoryOwner is not set");
        assertThat(requested).isEmpty();
    }
}
