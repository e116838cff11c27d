package io.cutover.ctl.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.protobuf.Timestamp;

import io.cutover.ctl.options.StatusConverter;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.vega.ReleaseArtifact;

/** Proposals in words, for the text output. */
public final class ProposalText {

    private static final String TABLE = "%-40s %-10s %10s  %s";
    /**
     * What a rollout agent with {@code [upgrade] source = "cutover"} does with an approval that names
     * no SHA-256 and no URL: its staging refuses the release (verification.requireChecksum is on by
     * default for that source) unless the operator pinned one, and with no URL it downloads nothing.
     */
    private static final String NO_ARTIFACTS = "none (agents following Cutover approvals refuse this release as CHECKSUM_MISSING"
            + " unless their [verification.sha256] pins its SHA-256 or verification.requireChecksum is false; then they"
            + " run the release folder already installed for the tag and download nothing)";

    private ProposalText() {
    }

    public static List<String> table(List<Proposal> proposals) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, TABLE, "PROPOSAL", "STATUS", "HEIGHT", "APPROVAL"));
        for (Proposal p : proposals) {
            lines.add(String.format(Locale.ROOT, TABLE, p.getProposalId(), StatusConverter.shortName(p.getStatus()),
                    Long.toUnsignedString(p.getHeight()), approval(p)));
        }
        return lines;
    }

    public static List<String> details(Proposal p) {
        List<String> lines = new ArrayList<>();
        lines.add((p.hasRecovery() ? "Recovery " : "Proposal ") + p.getProposalId());
        lines.add("  status:     " + StatusConverter.shortName(p.getStatus())
                + (p.getStatusReason().isEmpty() ? "" : " (" + p.getStatusReason() + ")"));
        if (p.hasRecovery()) {
            lines.add("  recovers:   " + p.getRecovery().getUpgradeId() + " (" + p.getRecovery().getFailedReleaseTag() + " failed at its height)");
        }
        lines.add("  release:    " + (p.hasRecovery() && p.getReleaseTag().isEmpty() ? "the release that ran before the upgrade"
                : p.getReleaseTag()) + " at height " + Long.toUnsignedString(p.getHeight()));
        lines.add("  chain id:   " + p.getChainId());
        lines.add("  approval:   " + approval(p));
        lines.add("  rejection:  " + p.getRejectingPower() + " of " + p.getTotalPower() + " voting power");
        lines.add("  approvers:  " + (p.getApproversCount() == 0 ? "none" : String.join(", ", p.getApproversList())));
        lines.add("  rejecters:  " + (p.getRejectersCount() == 0 ? "none" : String.join(", ", p.getRejectersList())));
        if (p.getArtifactsCount() == 0) {
            lines.add("  artifacts:  " + NO_ARTIFACTS);
        } else {
            lines.add("  artifacts:");
            for (ReleaseArtifact a : p.getArtifactsList()) {
                lines.add("    " + a.getPlatform() + "  sha256 " + a.getSha256() + (a.getUrl().isEmpty() ? "" : "  " + a.getUrl()));
            }
        }
        if (p.hasCreatedAt()) {
            lines.add("  created:    " + instant(p.getCreatedAt()));
        }
        if (p.hasUpdatedAt()) {
            lines.add("  updated:    " + instant(p.getUpdatedAt()));
        }
        return lines;
    }

    /** "30/40 power (75%), needs > 2/3". Percentages are for display only; the service decides exactly. */
    public static String approval(Proposal p) {
        String share = p.getTotalPower() == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100.0 * p.getApprovingPower() / p.getTotalPower());
        String rule = "at-least".equals(p.getApprovalRule()) ? ">=" : ">";
        String needs = p.getThreshold().isEmpty() ? "" : ", needs " + rule + " " + p.getThreshold();
        return p.getApprovingPower() + "/" + p.getTotalPower() + " power" + share + needs
                + ", " + p.getApproversCount() + " approver(s)";
    }

    static String instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).toString();
    }
}
