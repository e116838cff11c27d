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
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.cutover.agent.staging.Downloads;
import io.cutover.agent.staging.StagingOutcome;
import io.cutover.agent.staging.StagingProblem;
import io.cutover.agent.staging.Unpacker;

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
        try {
            return stageOrFail(plan);
        } catch (Failure f) {
            LOG.errorf("staging upgrade %s failed: %s: %s", plan.name(), f.problem, f.getMessage());
            return new StagingOutcome.Failed(f.problem, f.getMessage());
        } catch (IOException e) {
            LOG.errorf(e, "staging upgrade %s failed", plan.name());
            return new StagingOutcome.Failed(StagingProblem.BAD_RELEASE_FOLDER, e.toString());
        }
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
            throw new Failure(StagingProblem.RELEASE_NOT_FOUND, binary + " is missing and DAEMON_ALLOW_DOWNLOAD_BINARIES is off;"
                    + " place it before height " + plan.height() + " (rollout-agent cosmovisor add-upgrade " + plan.name() + " <binary>)");
        }
        URI url;
        try {
            url = PlanInfo.parse(plan.info(), settings.downloadMustHaveChecksum(), this::fetchText).urlFor(platform);
        } catch (PlanInfo.NoBinaryForPlatformException e) {
            throw new Failure(StagingProblem.NO_BINARY_FOR_PLATFORM, e.getMessage());
        } catch (PlanInfo.InvalidPlanInfoException e) {
            throw new Failure(StagingProblem.PLAN_INFO_INVALID, e.getMessage());
        }
        Optional<Checksum> checksum;
        try {
            checksum = Checksum.of(url, this::fetchText);
        } catch (Checksum.InvalidChecksumException e) {
            throw new Failure(StagingProblem.CHECKSUM_INVALID, e.getMessage());
        }
        if (checksum.isEmpty()) {
            if (settings.downloadMustHaveChecksum()) {
                throw new Failure(StagingProblem.CHECKSUM_MISSING, url + " has no ?checksum= (DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM"
                        + " is on by default in Cutover; set it to false to accept unverified binaries)");
            }
            LOG.warnf("upgrade %s: %s has no checksum; DAEMON_DOWNLOAD_MUST_HAVE_CHECKSUM=false, so it is installed unverified",
                    plan.name(), url);
        }
        install(plan, release, url, checksum);
        return new StagingOutcome.Staged(release, checksum.isPresent());
    }

    private void install(UpgradePlan plan, String release, URI url, Optional<Checksum> checksum) throws IOException {
        Path work = layout.work();
        Path download = work.resolve(plan.name().hashCode() + "-" + UUID.randomUUID() + ".download");
        Path unpacked = work.resolve("unpack-" + UUID.randomUUID());
        try {
            URI source = Checksum.withoutChecksum(url);
            long started = System.nanoTime();
            download(source, download);
            if (checksum.isPresent() && !checksum.get().matches(download)) {
                throw new Failure(StagingProblem.CHECKSUM_MISMATCH, "downloaded " + source + " has " + checksum.get().type() + " "
                        + checksum.get().digestOf(download) + ", the plan says " + checksum.get().hex() + "; deleted unexecuted");
            }
            Unpacker.unpack(download, source.getPath() == null ? "" : source.getPath(), unpacked, settings.daemonName());
            Path bin = unpacked.resolve("bin").resolve(settings.daemonName());
            if (!Files.isRegularFile(bin)) {
                Path atRoot = unpacked.resolve(settings.daemonName());
                if (!Files.isRegularFile(atRoot)) {
                    throw new Failure(StagingProblem.BAD_RELEASE_FOLDER, "the artifact from " + source + " has neither bin/"
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
        } catch (Unpacker.UnsafeArchiveException e) {
            throw new Failure(StagingProblem.UNSAFE_ARCHIVE, e.getMessage());
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new Failure(StagingProblem.UNSAFE_ARCHIVE, "malformed archive: " + e.getMessage());
        } finally {
            Files.deleteIfExists(download);
            deleteTree(unpacked);
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
                    throw new Failure(StagingProblem.BAD_RELEASE_FOLDER, bin + " exists without the binary; clean it up");
                }
            }
            Files.delete(bin);
        }
        Files.move(unpacked.resolve("bin"), bin, StandardCopyOption.ATOMIC_MOVE);
    }

    private void download(URI url, Path into) throws IOException {
        if ("file".equals(url.getScheme())) {
            Files.copy(Path.of(url), into, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            HttpResponse<Path> response = Downloads.client().send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).build(),
                    HttpResponse.BodyHandlers.ofFile(into));
            if (response.statusCode() != 200) {
                throw new Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered HTTP " + response.statusCode());
            }
        } catch (IllegalArgumentException e) {
            throw new Failure(StagingProblem.DOWNLOAD_FAILED, "bad URL " + url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(StagingProblem.DOWNLOAD_FAILED, "interrupted while downloading " + url);
        } catch (IOException e) {
            if (e instanceof Failure f) {
                throw f;
            }
            throw new Failure(StagingProblem.DOWNLOAD_FAILED, url + ": " + e);
        }
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

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A staging failure with its reason; carried as an exception only inside this class. */
    private static final class Failure extends IOException {
        private final StagingProblem problem;

        Failure(StagingProblem problem, String message) {
            super(message);
            this.problem = problem;
        }
    }
}
