package io.cutover.agent.staging;

import static io.cutover.testing.ReleaseArtifacts.zip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

/** The one way an artifact comes in, for both stagers: what is refused, and that nothing is left in the work folder. */
class ArtifactDownloadTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path work;
    @TempDir
    Path served;

    @Test
    void aVerifiedArtifactIsUnpackedAndNothingIsLeftOnceClosed() throws Exception {
        Path zip = Files.write(served.resolve("node.zip"), zip(Map.of("bin/node", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))));
        String sha = Stager.sha256(zip);
        try (ArtifactDownload artifact = ArtifactDownload.fetch(zip.toUri().toString(), work, "v1.1.0", TIMEOUT)) {
            assertThat(artifact.verify("SHA-256", Stager::sha256, Optional.of(sha))).isEqualTo(sha);
            Path unpacked = artifact.unpack("node");
            assertThat(Files.readString(unpacked.resolve("bin/node"))).isEqualTo("#!/bin/sh\n");
        }
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aWrongDigestIsRefusedBeforeAnythingIsUnpacked() throws Exception {
        Path binary = Files.writeString(served.resolve("node"), "#!/bin/sh\n");
        Stager.Failure refused;
        try (ArtifactDownload artifact = ArtifactDownload.fetch(binary.toUri().toString(), work, "v1.1.0", TIMEOUT)) {
            refused = catchThrowableOfType(Stager.Failure.class, () -> artifact.verify("SHA-256", Stager::sha256, Optional.of("0".repeat(64))));
            assertThat(work).isNotEmptyDirectory();
        }
        assertThat(refused.problem()).isEqualTo(StagingProblem.CHECKSUM_MISMATCH);
        assertThat(refused).hasMessageContaining("expected " + "0".repeat(64)).hasMessageEndingWith("it was deleted unexecuted");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void anArchiveEscapingItsFolderIsUnsafeAndNothingIsLeft() throws Exception {
        Path zip = Files.write(served.resolve("slip.zip"), zip(Map.of("../escaped", new byte[] {1})));
        try (ArtifactDownload artifact = ArtifactDownload.fetch(zip.toUri().toString(), work, "v1.1.0", TIMEOUT)) {
            assertThat(catchThrowableOfType(Stager.Failure.class, () -> artifact.unpack("node")).problem())
                    .isEqualTo(StagingProblem.UNSAFE_ARCHIVE);
        }
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void anUnanswered404OrBadUrlIsADownloadFailureAndLeavesNothing() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        int closedPort;
        try (ServerSocket free = new ServerSocket(0)) {
            closedPort = free.getLocalPort();
        }
        try {
            assertDownloadFails("http://127.0.0.1:" + server.getAddress().getPort() + "/node", "answered HTTP 404");
            assertDownloadFails("http://127.0.0.1:" + closedPort + "/node", "http://127.0.0.1:" + closedPort + "/node: ");
            assertDownloadFails("http://bad host/node", "bad URL");
            assertDownloadFails("ftp://127.0.0.1/node", "bad URL");
        } finally {
            server.stop(0);
        }
        assertThat(work).isEmptyDirectory();
    }

    private void assertDownloadFails(String url, String message) {
        Stager.Failure failed = catchThrowableOfType(Stager.Failure.class, () -> ArtifactDownload.fetch(url, work, "v1.1.0", TIMEOUT).close());
        assertThat(failed).as(url).isNotNull().hasMessageContaining(message);
        assertThat(failed.problem()).isEqualTo(StagingProblem.DOWNLOAD_FAILED);
    }
}
