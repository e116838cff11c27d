package io.cutover.agent.domain;

import java.util.List;

/**
 * The release to run from {@code height} on, as an upgrade source announced it.
 *
 * @param proposalId identifies the target: Cutover's proposal id, or "&lt;tag&gt;@&lt;height&gt;" for a chain's own upgrade
 * @param artifacts  per-platform SHA-256 (and download URL) when known; empty when the source knows none
 * @param origin     where the target came from (reported on rollout.status)
 */
public record Target(String proposalId, String tag, long height, List<Artifact> artifacts, Origin origin) {

    public Target {
        artifacts = List.copyOf(artifacts);
        origin = origin == null ? Origin.APPROVAL : origin;
    }

    /** A target approved on Cutover (a state.json written before origins existed reads as one too). */
    public Target(String proposalId, String tag, long height, List<Artifact> artifacts) {
        this(proposalId, tag, height, artifacts, Origin.APPROVAL);
    }

    /** One platform's binary: its SHA-256 (lowercase hex) and an optional download URL. */
    public record Artifact(String platform, String sha256, String url) {
    }

    /** Where a target came from. */
    public enum Origin {
        /** An approval on upgrade.approvals whose quorum certificate verified. */
        APPROVAL,
        /** Announced by the chain itself (the Vega core's protocol upgrade, a Cosmos upgrade plan). */
        CHAIN
    }
}
