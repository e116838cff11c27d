package io.cutover.agent.domain;

import java.util.List;

/** A verified, approved upgrade: the release to run from {@code height} on. */
public record Target(String proposalId, String tag, long height, List<Artifact> artifacts) {

    public Target {
        artifacts = List.copyOf(artifacts);
    }

    /** One platform's binary: its SHA-256 (lowercase hex) and an optional download URL. */
    public record Artifact(String platform, String sha256, String url) {
    }
}
