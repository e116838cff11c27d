package io.cutover.core.proposal;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import io.cutover.core.tx.Digests;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * A proposal's identity: {@code "<tag>@<height>"}, and with artifacts
 * {@code "<tag>@<height>#<d>"} where d is the first 16 hex characters of SHA-256 over the lines
 * {@code "<platform> <sha256>\n"} sorted by platform. URLs are not part of the identity.
 */
public final class ProposalId {

    private ProposalId() {
    }

    public static String of(String releaseTag, long height, List<ReleaseArtifact> artifacts) {
        String base = releaseTag + "@" + Long.toUnsignedString(height);
        if (artifacts.isEmpty()) {
            return base;
        }
        StringBuilder lines = new StringBuilder();
        artifacts.stream()
                .sorted(Comparator.comparing(ReleaseArtifact::getPlatform).thenComparing(ReleaseArtifact::getSha256))
                .forEach(a -> lines.append(a.getPlatform()).append(' ').append(a.getSha256()).append('\n'));
        byte[] digest = Digests.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
        return base + "#" + HexFormat.of().formatHex(digest).substring(0, 16);
    }
}
