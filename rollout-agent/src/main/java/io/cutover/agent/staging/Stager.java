package io.cutover.agent.staging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jboss.logging.Logger;


import io.cutover.agent.domain.Target;
import io.cutover.agent.home.AgentConfig;
import io.cutover.agent.home.AgentHome;
import io.cutover.agent.home.RunConfig;
import io.cutover.core.config.ConfigResult;

/**
 * Stages an approved release before its height, in this order (a binary is executed only after
 * its checksum passed): find the release folder, or download this platform's artifact from the
 * approved URL and check its SHA-256 and unpack it ({@link ArtifactDownload}); check the binary's SHA-256; run
 * {@code <binary> version --output json} and expect the tag.
 */
public final class Stager {

    private static final Logger LOG = Logger.getLogger(Stager.class);
    /** Written into a release folder the agent installed: the verified SHA-256 of the artifact it came from. */
    static final String ARTIFACT_MARKER = ".cutover-artifact.sha256";

    private final AgentHome home;
    private final AgentConfig config;
    private final String platform;
    private final ReleaseLocator locator;

    public Stager(AgentHome home, AgentConfig config, String platform) {
        this(home, config, platform, ReleaseLocator.APPROVED_URL_ONLY);
    }

    /** @param locator where to download a release whose target names no URL (the "vega-core" source: GitHub) */
    public Stager(AgentHome home, AgentConfig config, String platform, ReleaseLocator locator) {
        this.home = home;
        this.config = config;
        this.platform = platform;
        this.locator = locator;
    }

    public StagingOutcome stage(Target target) {
        return attempt(target.proposalId(), () -> stageOrFail(target));
    }

    /**
     * One staging attempt of {@code subject} (named in the log), by any stager: its outcome, or what
     * it threw as a failed one, logged: a {@link Failure} with its problem, any other I/O error as
     * BAD_RELEASE_FOLDER.
     */
    public static StagingOutcome attempt(String subject, Attempt attempt) {
        try {
            return attempt.stage();
        } catch (Failure f) {
            LOG.errorf("staging %s failed: %s: %s", subject, f.problem, f.getMessage());
            return new StagingOutcome.Failed(f.problem, f.getMessage());
        } catch (IOException e) {
            LOG.errorf(e, "staging %s failed", subject);
            return new StagingOutcome.Failed(StagingProblem.BAD_RELEASE_FOLDER, e.toString());
        }
    }

    /** Stages a release; a known problem is thrown as a {@link Failure}. */
    @FunctionalInterface
    public interface Attempt {
        StagingOutcome stage() throws IOException;
    }

    private StagingOutcome stageOrFail(Target target) throws IOException {
        String folderName = config.upgradeFolders().getOrDefault(target.tag(), target.tag());
        Path folder = home.release(folderName);
        Optional<Target.Artifact> artifact = target.artifacts().stream().filter(a -> a.platform().equals(platform)).findFirst();
        Optional<String> sha = knownSha256(target, artifact);
        if (sha.isEmpty() && config.verification().requireChecksum()) {
            throw new Failure(StagingProblem.CHECKSUM_MISSING, "no SHA-256 is known for " + target.tag() + " on " + platform
                    + " (none in the target, none pinned in verification.sha256) and verification.requireChecksum is true");
        }
        if (!Files.isRegularFile(folder.resolve(RunConfig.FILE))) {
            install(target, artifact.map(Target.Artifact::url).filter(u -> !u.isBlank()), sha, folder);
        }
        RunConfig run = orFailure(RunConfig.readRunnable(folder));
        Path binary = run.node().resolveIn(folder);
        if (sha.isPresent()) {
            checkBinary(folder, binary, sha.get());
        }
        checkVersion(binary, folder, target.tag());
        if (sha.isEmpty()) {
            LOG.warnf("release %s staged in %s; checksum not verified: no SHA-256 known for %s", target.tag(), folder, platform);
        } else {
            LOG.infof("release %s staged and verified in %s", target.tag(), folder);
        }
        return new StagingOutcome.Staged(folderName, sha.isPresent());
    }

    /** The SHA-256 from the target (a signed approval) or pinned by the operator; both must agree when both exist. */
    private Optional<String> knownSha256(Target target, Optional<Target.Artifact> artifact) throws Failure {
        Optional<String> pinned = Optional.ofNullable(config.verification().pinnedSha256().get(target.tag()));
        if (artifact.isPresent() && pinned.isPresent() && !artifact.get().sha256().equals(pinned.get())) {
            throw new Failure(StagingProblem.CHECKSUM_MISMATCH, "the target says SHA-256 " + artifact.get().sha256() + " for "
                    + target.tag() + ", verification.sha256 pins " + pinned.get());
        }
        return artifact.map(Target.Artifact::sha256).or(() -> pinned);
    }

    private void install(Target target, Optional<String> approvedUrl, Optional<String> sha, Path folder) throws IOException {
        if (!config.autoInstall().enabled()) {
            throw new Failure(StagingProblem.RELEASE_NOT_FOUND, "no " + RunConfig.FILE + " in " + folder
                    + " and autoInstall.enabled is false");
        }
        Optional<String> located = approvedUrl.isPresent() ? approvedUrl : locator.locate(target.tag());
        if (located.isEmpty()) {
            throw new Failure(StagingProblem.RELEASE_NOT_FOUND, "no " + RunConfig.FILE + " in " + folder
                    + " and " + locator.describe(platform));
        }
        String url = located.get();
        try (ArtifactDownload artifact = ArtifactDownload.fetch(url, home.work(), target.tag(), Duration.ofMinutes(10))) {
            String actual = artifact.verify("SHA-256", Stager::sha256, sha);
            Path unpacked = artifact.unpack(config.autoInstall().binaryName());
            Path binary = findBinary(unpacked, config.autoInstall().binaryName());
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            RunConfig written = installedRunConfig(target.tag(), unpacked.relativize(binary).toString(),
                    runConfig(home.release(home.currentRelease())));
            Files.writeString(unpacked.resolve(RunConfig.FILE), written.toToml());
            Files.writeString(unpacked.resolve(ARTIFACT_MARKER), actual + "\n");
            Files.move(unpacked, folder, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("installed %s from %s into %s (SHA-256 %s)", target.tag(), url, folder, actual);
        }
    }

    /**
     * The run-config of an installed release, as Visor writes it: a copy of the current one with
     * {@code name} = the tag, the node's binary = the installed one, the data node run by the same
     * binary with {@code datanode start} args (unless they already start with "datanode"), and
     * {@code [vega.rpc]} unchanged.
     */
    static RunConfig installedRunConfig(String tag, String binary, RunConfig template) {
        Optional<RunConfig.Binary> dataNode = template.dataNode().map(d -> {
            List<String> args = d.args();
            if (!args.isEmpty() && !args.get(0).equals("datanode")) {
                List<String> visor = new ArrayList<>(List.of("datanode", "start"));
                visor.addAll(args.subList(1, args.size()));
                args = visor;
            }
            return new RunConfig.Binary(binary, args);
        });
        return new RunConfig(tag, new RunConfig.Binary(binary, template.node().args()), dataNode, template.rpc());
    }

    private void checkBinary(Path folder, Path binary, String approved) throws IOException {
        String actual = sha256(binary);
        if (actual.equals(approved)) {
            return;
        }
        Path marker = folder.resolve(ARTIFACT_MARKER);
        if (Files.isRegularFile(marker) && Files.readString(marker).trim().equals(approved)) {
            return;
        }
        throw new Failure(StagingProblem.CHECKSUM_MISMATCH, binary + " has SHA-256 " + actual + ", the approval says "
                + approved + "; it will not be executed");
    }

    private void checkVersion(Path binary, Path folder, String tag) throws IOException {
        String version;
        try {
            version = VersionProbe.version(binary, folder, config.verification().versionTimeout());
        } catch (VersionProbe.Failed e) {
            throw new Failure(StagingProblem.VERSION_CHECK_FAILED, e.getMessage());
        }
        if (!version.equals(tag)) {
            throw new Failure(StagingProblem.WRONG_VERSION, binary + " is version " + version + ", the target is " + tag);
        }
    }

    private RunConfig runConfig(Path folder) throws Failure {
        return orFailure(RunConfig.read(folder));
    }

    private static RunConfig orFailure(ConfigResult<RunConfig> result) throws Failure {
        if (result instanceof ConfigResult.Invalid<RunConfig> invalid) {
            throw new Failure(StagingProblem.BAD_RELEASE_FOLDER, invalid.describe());
        }
        return ((ConfigResult.Valid<RunConfig>) result).value();
    }

    /**
     * The binary {@code name} (autoInstall.asset.binaryName) of an unpacked artifact: the path inside
     * the archive, as Visor runs it; a bare name not at the top is also searched for a few folders deep.
     */
    private static Path findBinary(Path root, String name) throws IOException {
        Path exact = root.resolve(name).normalize();
        if (exact.startsWith(root) && Files.isRegularFile(exact)) {
            return exact;
        }
        Failure missing = new Failure(StagingProblem.BAD_RELEASE_FOLDER, "the artifact has no file " + name
                + " (autoInstall.asset.binaryName, a path inside the archive)");
        if (name.contains("/")) {
            throw missing;
        }
        try (Stream<Path> files = Files.walk(root, 4)) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> missing);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Digests.hex("SHA-256", in);
        }
    }

    /** A staging failure with its reason. */
    public static final class Failure extends IOException {
        private final StagingProblem problem;

        public Failure(StagingProblem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public StagingProblem problem() {
            return problem;
        }
    }
}
