package io.cutover.agent.staging;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * The way every release artifact comes in, on a Visor home ({@link Stager}) and a Cosmovisor home
 * alike: downloaded into the agent's work folder (http(s), or a {@code file:} URL), its digest
 * checked before anything else reads it, and only then unpacked into a fresh folder beside it.
 * Closing deletes the download and whatever of the unpacked folder was not moved into place, so an
 * artifact that failed a check is never left behind. Failures are {@link Stager.Failure}s.
 */
public final class ArtifactDownload implements Closeable {

    /** A digest of a file, as lowercase hex. */
    @FunctionalInterface
    public interface Digest {
        String of(Path file) throws IOException;
    }

    private final URI url;
    private final Path file;
    private final Path unpacked;

    private ArtifactDownload(URI url, Path work, String name) {
        // One download per release at a time, under a name an operator (or a fault test) can find:
        // <name>.download, as the agent has always written it; the unpacked folder is unique.
        this.url = url;
        this.file = work.resolve(name + ".download");
        this.unpacked = work.resolve(name + ".unpack-" + UUID.randomUUID());
    }

    /**
     * Downloads {@code url} into {@code work}: DOWNLOAD_FAILED for a bad URL, an answer other than
     * HTTP 200, or a broken connection.
     *
     * @param name    names the temporary files: {@code <name>.download} and {@code <name>.unpack-<random>} (a tag, a plan's hash)
     * @param timeout for the whole download
     */
    public static ArtifactDownload fetch(String url, Path work, String name, Duration timeout) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "bad URL " + url);
        }
        ArtifactDownload artifact = new ArtifactDownload(uri, work, name);
        try {
            artifact.download(timeout);
            return artifact;
        } catch (IOException | RuntimeException e) {
            artifact.close();
            throw e;
        }
    }

    /**
     * The digest of the downloaded bytes; CHECKSUM_MISMATCH when {@code expected} is given and differs
     * (the download is then deleted on close, never unpacked or run).
     *
     * @param type names the digest in the message ("SHA-256", "sha512")
     */
    public String verify(String type, Digest digest, Optional<String> expected) throws IOException {
        String actual = digest.of(file);
        if (expected.isPresent() && !actual.equals(expected.get())) {
            throw new Stager.Failure(StagingProblem.CHECKSUM_MISMATCH, "downloaded " + url + " has " + type + " " + actual
                    + ", expected " + expected.get() + "; it was deleted unexecuted");
        }
        return actual;
    }

    /**
     * Unpacks the verified artifact into a fresh folder (a zip, a tar.gz, or the binary itself, then
     * named {@code binaryName}); UNSAFE_ARCHIVE for an entry escaping the folder, a link or a
     * malformed archive.
     */
    public Path unpack(String binaryName) throws IOException {
        try {
            Unpacker.unpack(file, url.getPath() == null ? "" : url.getPath(), unpacked, binaryName);
            return unpacked;
        } catch (Unpacker.UnsafeArchiveException e) {
            throw new Stager.Failure(StagingProblem.UNSAFE_ARCHIVE, e.getMessage());
        } catch (ZipException | EOFException e) {
            throw new Stager.Failure(StagingProblem.UNSAFE_ARCHIVE, "malformed archive: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
        if (!Files.exists(unpacked)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(unpacked)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void download(Duration timeout) throws IOException {
        if ("file".equals(url.getScheme())) {
            Files.copy(Path.of(url), file, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try {
            HttpResponse<Path> response = Downloads.client().send(HttpRequest.newBuilder(url).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + " answered HTTP " + response.statusCode());
            }
        } catch (IllegalArgumentException e) {
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "bad URL " + url);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, "interrupted while downloading " + url);
        } catch (IOException e) {
            if (e instanceof Stager.Failure f) {
                throw f;
            }
            throw new Stager.Failure(StagingProblem.DOWNLOAD_FAILED, url + ": " + e);
        }
    }
}
