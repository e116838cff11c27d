package io.cutover.agent.vega;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.staging.Downloads;
import io.cutover.agent.staging.ReleaseLocator;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingProblem;

/**
 * Visor's release lookup: the unauthenticated GitHub REST API at {@code autoInstall.apiBaseUrl}
 * (GitHub's by default), {@code GET /repos/<owner>/<repository>/releases?per_page=100&page=N} until
 * the release whose {@code tag_name} is the tag, then its asset named {@code autoInstall.asset.name}
 * ({@code browser_download_url}). Unlike Visor, an asset name that names another platform than this
 * host's is refused before anything is downloaded: only this platform's asset is ever fetched.
 */
public final class GithubReleases implements ReleaseLocator {

    private static final Set<String> OSES = Set.of("linux", "darwin", "macos", "windows", "freebsd");
    private static final Set<String> ARCHES = Set.of("amd64", "x86_64", "arm64", "aarch64", "386", "arm", "armv7");
    private static final int MAX_PAGES = 10;

    private final AgentConfig.AutoInstall config;
    private final String platform;
    private final ObjectMapper json = new ObjectMapper();

    /** @param platform this host's platform, e.g. "linux/amd64" */
    public GithubReleases(AgentConfig.AutoInstall config, String platform) {
        this.config = config;
        this.platform = platform;
    }

    @Override
    public Optional<String> locate(String tag) throws IOException {
        checkAssetIsForThisPlatform();
        String base = config.apiBaseUrl().replaceAll("/+$", "") + "/repos/" + config.repositoryOwner() + "/" + config.repository();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode releases = get(base + "/releases?per_page=100&page=" + page);
            if (!releases.isArray() || releases.isEmpty()) {
                return Optional.empty();
            }
            for (JsonNode release : releases) {
                if (tag.equals(release.path("tag_name").asText())) {
                    return Optional.of(asset(tag, release));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String describe(String platform) {
        return "no release with that tag in " + config.repositoryOwner() + "/" + config.repository() + " at " + config.apiBaseUrl();
    }

    private String asset(String tag, JsonNode release) throws Stager.Failure {
        List<String> names = new ArrayList<>();
        for (JsonNode asset : release.path("assets")) {
            String name = asset.path("name").asText();
            names.add(name);
            if (name.equals(config.assetName())) {
                String url = asset.path("browser_download_url").asText("");
                if (url.isBlank()) {
                    throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "asset " + name + " of " + tag + " has no browser_download_url");
                }
                return url;
            }
        }
        throw new Stager.Failure(StagingProblem.RELEASE_NOT_FOUND, "release " + tag + " has no asset named " + config.assetName()
                + " (autoInstall.asset.name); it has " + names);
    }

    /** An asset name that names an OS or architecture is refused unless they are this host's. */
    void checkAssetIsForThisPlatform() throws Stager.Failure {
        String[] ours = platform.split("/");
        String os = ours[0];
        String arch = ours.length > 1 ? ours[1] : "";
        for (String token : Arrays.asList(config.assetName().toLowerCase().split("[-_.]"))) {
            boolean otherOs = OSES.contains(token) && !token.equals(os) && !(os.equals("darwin") && token.equals("macos"));
            boolean otherArch = ARCHES.contains(token) && !token.equals(arch) && !(arch.equals("amd64") && token.equals("x86_64"))
                    && !(arch.equals("arm64") && token.equals("aarch64"));
            if (otherOs || otherArch) {
                throw new Stager.Failure(StagingProblem.RELEASE_NOT_FOUND, "autoInstall.asset.name " + config.assetName()
                        + " is not for this host's platform " + platform + "; only this platform's asset is downloaded");
            }
        }
    }

    private JsonNode get(String url) throws Stager.Failure {
        try {
            HttpResponse<String> response = Downloads.client().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/vnd.github+json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered HTTP " + response.statusCode());
            }
            return json.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "interrupted while asking " + url);
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof Stager.Failure f) {
                throw f;
            }
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + ": " + e);
        }
    }
}
