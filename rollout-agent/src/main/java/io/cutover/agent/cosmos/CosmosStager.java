package io.cutover.agent.cosmos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.cutover.agent.staging.ArtifactDownload;
import io.cutover.agent.staging.Downloads;
import io.cutover.agent.staging.Stager;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.agent.staging.StagingProblem;

/**
 * Stages a plan's binary into {@code cosmovisor/upgrades/<name>/bin/$DAEMON_NAME} before the
 * height: a binary already there (placed by the operator or {@code add-upgrade}) is used as is;
 * otherwise, with DAEMON_ALLOW_DOWNLOAD_BINARIES, only this platform's URL from the plan's info is
 * downloaded, its checksum checked (required unless DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM=false) and
 * only then unpacked and made executable. Nothing that failed a check is ever moved into place.
 */
public final class CosmosStager {

    private static final Logger LOG = Logger.getLogger(CosmosStager.class);

    private final CosmovisorSettings settings;
    private final CosmovisorLayout layout;
    private final String platform;

    public CosmosStager(CosmovisorSettings settings, String platform) {
        this.settings = settings;
        this.layout = settings.layout();
        this.platform = platform;
    }

    /** Stages {@code plan}; the outcome's folder is the release ("upgrades/<name>"). */
    public StagingOutcome stage(UpgradePlan plan) {
        return Stager.attempt("upgrade " + plan.name(), () -> stageOrFail(plan));
    }

    private StagingOutcome stageOrFail(UpgradePlan plan) throws IOException {
        String release = layout.releaseOf(plan.name());
        Path binary = layout.binary(release);
        if (Files.isRegularFile(binary)) {
            makeExecutable(binary);
            LOG.infof("upgrade %s: %s is in place (placed by the operator: no checksum to verify)", plan.name(), binary);
            return new StagingOutcome.Staged(release, false);
        }
        if (!settings.allowDownloadBinaries()) {
            throw new Stager.Failure(StagingProblem.RELEASE_NOT_FOUND, binary + " is missing and DAEMON_ALLOW_DOWNLOAD_BINARIES is off;"
                    + " place it before height " + plan.height() + " (rollout-agent cosmovisor add-upgrade " + plan.name() + " <binary>)");
        }
        URI url;
        try {
            url = PlanInfo.parse(plan.info(), settings.downloadMustHaveChecksum(), this::fetchText).urlFor(platform);
        } catch (PlanInfo.NoBinaryForPlatformException e) {
            throw new Stager.Failure(StagingProblem.NO_BINARY_FOR_PLATFORM, e.getMessage());
        } catch (PlanInfo.InvalidPlanInfoException e) {
            throw new Stager.Failure(StagingProblem.PLAN_INFO_INVALID, e.getMessage());
        }
        Optional<Checksum> checksum;
        try {
            checksum = Checksum.of(url, this::fetchText);
        } catch (Checksum.InvalidChecksumException e) {
            throw new Stager.Failure(StagingProblem.CHECKSUM_INVALID, e.getMessage());
        }
        if (checksum.isEmpty()) {
            if (settings.downloadMustHaveChecksum()) {
                throw new Stager.Failure(StagingProblem.CHECKSUM_MISSING, url + " has no ?checksum= (DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM"
                        + " is on by default in Cutover; set it to false to accept unverified binaries)");
            }
            LOG.warnf("upgrade %s: %s has no checksum; DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM=false, so it is installed unverified",
                    plan.name(), url);
        }
        install(plan, release, url, checksum);
        return new StagingOutcome.Staged(release, checksum.isPresent());
    }

    private void install(UpgradePlan plan, String release, URI url, Optional<Checksum> checksum) throws IOException {
        URI source = Checksum.withoutChecksum(url);
        long started = System.nanoTime();
        try (ArtifactDownload artifact = ArtifactDownload.fetch(source.toString(), layout.work(), Integer.toString(plan.name().hashCode()),
                Duration.ofMinutes(30))) {
            if (checksum.isPresent()) {
                artifact.verify(checksum.get().type(), checksum.get()::digestOf, Optional.of(checksum.get().hex()));
            }
            Path unpacked = artifact.unpack(settings.daemonName());
            Path bin = unpacked.resolve("bin").resolve(settings.daemonName());
            if (!Files.isRegularFile(bin)) {
                Path atRoot = unpacked.resolve(settings.daemonName());
                if (!Files.isRegularFile(atRoot)) {
                    throw new Stager.Failure(StagingProblem.BAD_RELEASE_FOLDER, "the artifact from " + source + " has neither bin/"
                            + settings.daemonName() + " nor " + settings.daemonName());
                }
                Files.createDirectories(bin.getParent());
                Files.move(atRoot, bin);
            }
            makeExecutable(bin);
            moveIntoPlace(unpacked, layout.folder(release));
            LOG.infof("upgrade %s: downloaded %s for %s in %d ms (%s), installed %s", plan.name(), source, platform,
                    (System.nanoTime() - started) / 1_000_000, checksum.map(c -> c.type() + " verified").orElse("unverified"),
                    layout.binary(release));
        }
    }

    /** The whole folder when the release has none yet, else its bin/ (an operator may have made the folder). */
    private static void moveIntoPlace(Path unpacked, Path folder) throws IOException {
        if (!Files.exists(folder)) {
            Files.createDirectories(folder.getParent());
            Files.move(unpacked, folder, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Path bin = folder.resolve("bin");
        if (Files.exists(bin)) {
            try (Stream<Path> entries = Files.list(bin)) {
                if (entries.findAny().isPresent()) {
                    throw new Stager.Failure(StagingProblem.BAD_RELEASE_FOLDER, bin + " exists without the binary; clean it up");
                }
            }
            Files.delete(bin);
        }
        Files.move(unpacked.resolve("bin"), bin, StandardCopyOption.ATOMIC_MOVE);
    }

    /** GETs a small text (plan info, a sums file). */
    String fetchText(URI url) throws IOException {
        if ("file".equals(url.getScheme())) {
            return Files.readString(Path.of(url));
        }
        try {
            HttpResponse<String> response = Downloads.client().send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(url + " answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IllegalArgumentException e) {
            throw new IOException("bad URL " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void makeExecutable(Path binary) throws IOException {
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

}
