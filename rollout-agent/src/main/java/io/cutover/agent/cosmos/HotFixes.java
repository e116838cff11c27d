package io.cutover.agent.cosmos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cutover.agent.checkpoint.TreeCopy;
import io.cutover.agent.domain.Target;

/** A hot-fix on a Cosmovisor home: its plan info, and its binary put in the failed upgrade's {@code bin}. */
final class HotFixes {

    private HotFixes() {
    }

    /** {@code {"binaries":{"<platform>":"<url>?checksum=sha256:<hex>"}}} for this platform's artifact with a URL; "" without one. */
    static String planInfo(Target fix, String platform) {
        return fix.artifacts().stream().filter(a -> a.platform().equals(platform) && !a.url().isBlank()).findFirst().map(a -> {
            ObjectNode info = new ObjectMapper().createObjectNode();
            info.putObject("binaries").put(platform, a.url() + (a.sha256().isBlank() ? "" : "?checksum=sha256:" + a.sha256()));
            return info.toString();
        }).orElse("");
    }

    /** The SHA-256 the recovery approved for this platform's binary of the fix. */
    static Optional<String> approvedSha256(Target fix, String platform) {
        return fix.artifacts().stream().filter(a -> a.platform().equals(platform) && !a.sha256().isBlank()).findFirst()
                .map(Target.Artifact::sha256);
    }

    /**
     * Why the staged fix {@code binary} is not the approved one (its SHA-256 differs), empty when it is
     * or when none was approved for this platform. A binary placed by the operator is checked too.
     */
    static Optional<String> checksumProblem(Target fix, String platform, Path binary) throws IOException {
        Optional<String> approved = approvedSha256(fix, platform);
        if (approved.isEmpty()) {
            return Optional.empty();
        }
        String actual = new Checksum("sha256", approved.get()).digestOf(binary);
        return actual.equalsIgnoreCase(approved.get()) ? Optional.empty()
                : Optional.of("hot-fix " + fix.tag() + ": " + binary + " has SHA-256 " + actual + ", the recovery approved " + approved.get()
                        + " for " + platform + "; it is not run");
    }

    /**
     * Copies the fix's {@code bin} into {@code failed/bin}: written beside it first, then the failing
     * {@code bin} is renamed to {@code bin.failed} (kept once) and the copy renamed in; run again after a
     * crash it finishes the swap.
     */
    static void replaceBin(Path fix, Path failed) throws IOException {
        Path bin = failed.resolve("bin");
        Path incoming = failed.resolve("bin.hot-fix");
        Path kept = failed.resolve("bin.failed");
        if (!Files.isDirectory(incoming)) {
            Path temp = failed.resolve("bin.hot-fix.tmp");
            TreeCopy.deleteTree(temp);
            TreeCopy.copyTree(fix.resolve("bin"), temp);
            Files.move(temp, incoming, StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.isDirectory(bin) && !Files.exists(kept)) {
            Files.move(bin, kept, StandardCopyOption.ATOMIC_MOVE);
        } else {
            TreeCopy.deleteTree(bin); // a swap done before a crash: bin.failed already holds the failing binary
        }
        Files.move(incoming, bin, StandardCopyOption.ATOMIC_MOVE);
    }
}
