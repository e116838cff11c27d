package io.cutover.core.proposal;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cutover.core.tx.Digests;
import io.cutover.proto.vega.ReleaseArtifact;

/**
 * A proposal's identity: {@code "<tag>@<height>"}, and with artifacts
 * {@code "<tag>@<height>#<d>"} where d is the first 16 hex characters of SHA-256 over the lines
 * {@code "<platform> <sha256>\n"} sorted by platform. URLs are not part of the identity.
 */
public final class ProposalId {

    private static final Pattern FORM = Pattern.compile("(.{1,128})@(0|[1-9]\\d{0,19})(#[0-9a-f]{16})?");

    /** What an id names: the release and the height (a chain-announced upgrade's id has the same form, without the digest). */
    public record Parts(ReleaseTag tag, long height) {
    }

    /**
     * The upgrade an id names, whatever its name: a release tag (a Cutover proposal, a Vega core's
     * upgrade) or the name of a Cosmos upgrade plan, which need not be a release tag ({@code v7-Theta@1200}).
     */
    public record Upgrade(String name, long height) {

        /** The name as a release tag, when it is one. */
        public Optional<ReleaseTag> tag() {
            return ReleaseTag.parse(name);
        }
    }

    private ProposalId() {
    }

    public static String of(String releaseTag, long height, List<ReleaseArtifact> artifacts) {
        return releaseTag + "@" + Long.toUnsignedString(height) + artifactSuffix(artifacts);
    }

    /** {@code "#<d>"} for these artifacts, or empty when there are none. */
    public static String artifactSuffix(List<ReleaseArtifact> artifacts) {
        if (artifacts.isEmpty()) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        artifacts.stream()
                .sorted(Comparator.comparing(ReleaseArtifact::getPlatform).thenComparing(ReleaseArtifact::getSha256))
                .forEach(a -> lines.append(a.getPlatform()).append(' ').append(a.getSha256()).append('\n'));
        byte[] digest = Digests.sha256(lines.toString().getBytes(StandardCharsets.UTF_8));
        return "#" + HexFormat.of().formatHex(digest).substring(0, 16);
    }

    /** The tag and height of an id of the form {@code <tag>@<height>[#<16 hex>]} with a semver tag; empty otherwise. */
    public static Optional<Parts> parse(String id) {
        return upgrade(id).flatMap(u -> u.tag().map(tag -> new Parts(tag, u.height())));
    }

    /** The name and height of an id of the form {@code <name>@<height>[#<16 hex>]}, any name; empty otherwise. */
    public static Optional<Upgrade> upgrade(String id) {
        Matcher m = FORM.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Upgrade(m.group(1), Long.parseUnsignedLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
