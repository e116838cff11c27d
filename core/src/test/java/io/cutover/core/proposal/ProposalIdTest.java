package io.cutover.core.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cutover.core.tx.Digests;
import io.cutover.proto.vega.ReleaseArtifact;

class ProposalIdTest {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);

    @Test
    void withoutArtifactsItIsVegasTagAtHeight() {
        assertThat(ProposalId.of("v0.79.0", 1000, List.of())).isEqualTo("v0.79.0@1000");
    }

    @Test
    void artifactsAddADigestOfSortedPlatformLines() {
        String lines = "darwin/arm64 " + SHA_B + "\nlinux/amd64 " + SHA_A + "\n";
        String expected = "v1.1.0@500#" + Digests.sha256Hex(lines.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        List<ReleaseArtifact> artifacts = List.of(artifact("linux/amd64", SHA_A, "https://example.org/a"), artifact("darwin/arm64", SHA_B, ""));
        assertThat(ProposalId.of("v1.1.0", 500, artifacts)).isEqualTo(expected);
    }

    @Test
    void urlsAndOrderAreNotPartOfTheIdentity() {
        List<ReleaseArtifact> one = List.of(artifact("linux/amd64", SHA_A, "https://a"), artifact("darwin/arm64", SHA_B, ""));
        List<ReleaseArtifact> two = List.of(artifact("darwin/arm64", SHA_B, "https://b"), artifact("linux/amd64", SHA_A, ""));
        assertThat(ProposalId.of("v1.1.0", 500, one)).isEqualTo(ProposalId.of("v1.1.0", 500, two));
    }

    @Test
    void aDifferentChecksumIsADifferentProposal() {
        assertThat(ProposalId.of("v1.1.0", 500, List.of(artifact("linux/amd64", SHA_A, ""))))
                .isNotEqualTo(ProposalId.of("v1.1.0", 500, List.of(artifact("linux/amd64", SHA_B, ""))));
    }

    private static ReleaseArtifact artifact(String platform, String sha, String url) {
        return ReleaseArtifact.newBuilder().setPlatform(platform).setSha256(sha).setUrl(url).build();
    }
}
