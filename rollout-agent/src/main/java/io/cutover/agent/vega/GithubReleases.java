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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.staging.Downloads;
import io.cutover.agent.staging.ReleaseLocator;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingProblem;

/**
 * Visor's release lookup: the unauthenticated GitHub REST API at {@code autoInstall.apiBaseUrl}
 * (GitHub's by default), {@code GET /repos/<owner>/<repository>/releases?per_page=100}, every page
 * (following the {@code Link: <...>; rel="next"} header, as Visor's GitHub client does) until the
 * release whose {@code tag_name} is the tag, then its asset named {@code autoInstall.asset.name}
 * ({@code browser_download_url}): in the release's own list, else in every page of its
 * {@code assets_url} (Visor reads only the first 30 assets). Unlike Visor, an asset name that names
 * another platform than this host's is refused before anything is downloaded: only this platform's
 * asset is ever fetched; and an empty repository or asset name (a missing key, which Visor reads as
 * empty) is refused naming its key, before the halt.
 */
public final class GithubReleases implements ReleaseLocator {

    private static final Set<String> OSES = Set.of("linux", "darwin", "macos", "windows", "freebsd");
    private static final Set<String> ARCHES = Set.of("amd64", "x86_64", "arm64", "aarch64", "386", "arm", "armv7");
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    /** Far beyond any repository's releases (100 a page); only a server whose "next" never ends reaches it. */
    private static final int MAX_PAGES = 1000;

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
        checkKeysAreSet();
        checkAssetIsForThisPlatform();
        String base = config.apiBaseUrl().replaceAll("/+$", "") + "/repos/" + config.repositoryOwner() + "/" + config.repository();
        Optional<JsonNode> release = find(base + "/releases?per_page=100&page=1", r -> tag.equals(r.path("tag_name").asText()));
        return release.isEmpty() ? Optional.empty() : Optional.of(asset(tag, release.get()));
    }

    @Override
    public String describe(String platform) {
        return "no release with that tag in " + config.repositoryOwner() + "/" + config.repository() + " at " + config.apiBaseUrl();
    }

    private String asset(String tag, JsonNode release) throws IOException {
        Predicate<JsonNode> named = a -> a.path("name").asText().equals(config.assetName());
        List<String> names = new ArrayList<>();
        release.path("assets").forEach(a -> names.add(a.path("name").asText()));
        Optional<JsonNode> asset = StreamSupport.stream(release.path("assets").spliterator(), false).filter(named).findFirst();
        String assetsUrl = release.path("assets_url").asText("");
        if (asset.isEmpty() && !assetsUrl.isBlank()) {
            asset = find(assetsUrl + (assetsUrl.contains("?") ? "&" : "?") + "per_page=100", named);
        }
        if (asset.isEmpty()) {
            throw new Stager.Failure(StagingProblem.RELEASE_NOT_FOUND, "release " + tag + " has no asset named " + config.assetName()
                    + " (autoInstall.asset.name); it has " + names);
        }
        String url = asset.get().path("browser_download_url").asText("");
        if (url.isBlank()) {
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "asset " + config.assetName() + " of " + tag
                    + " has no browser_download_url");
        }
        return url;
    }

    /** The first element of a paged JSON list that matches, reading page after page while the answer names a next one. */
    private Optional<JsonNode> find(String firstPage, Predicate<JsonNode> wanted) throws IOException {
        String url = firstPage;
        for (int page = 1; page <= MAX_PAGES && url != null; page++) {
            Page answer = get(url);
            if (!answer.items().isArray()) {
                throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered JSON that is not a list");
            }
            for (JsonNode item : answer.items()) {
                if (wanted.test(item)) {
                    return Optional.of(item);
                }
            }
            url = answer.next().orElse(null);
        }
        if (url != null) {
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, firstPage + " still names a next page after " + MAX_PAGES + " pages");
        }
        return Optional.empty();
    }

    /** Keys Visor reads as empty when missing: empty here, they could only fail the download after the halt. */
    private void checkKeysAreSet() throws Stager.Failure {
        for (String[] key : List.of(new String[] {"autoInstall.repositoryOwner", config.repositoryOwner()},
                new String[] {"autoInstall.repository", config.repository()}, new String[] {"autoInstall.asset.name", config.assetName()})) {
            if (key[1].isBlank()) {
                throw new Stager.Failure(StagingProblem.RELEASE_NOT_FOUND, key[0] + " is not set in config.toml (a missing key is empty,"
                        + " as in Visor), so no release can be looked up: set it (visor init writes repositoryOwner = \"vegaprotocol\","
                        + " repository = \"vega\", [autoInstall.asset] name = \"vega-<os>-<arch>.zip\")");
            }
        }
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

    /** One page of a list: its items and, from the Link header, the URL of the next page. */
    private record Page(JsonNode items, Optional<String> next) {
    }

    private Page get(String url) throws Stager.Failure {
        try {
            URI uri = URI.create(url);
            HttpResponse<String> response = Downloads.client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/vnd.github+json").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered HTTP " + response.statusCode());
            }
            Optional<String> next = response.headers().allValues("Link").stream().map(NEXT::matcher).filter(Matcher::find)
                    .map(m -> uri.resolve(m.group(1)).toString()).findFirst();
            return new Page(json.readTree(response.body()), next);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "interrupted while asking " + url);
        } catch (JsonProcessingException e) {
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered something that is not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof Stager.Failure f) {
                throw f;
            }
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + ": " + e);
        }
    }
}
