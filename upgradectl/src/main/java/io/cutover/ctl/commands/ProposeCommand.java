package io.cutover.ctl.commands;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cutover.core.outcome.RefusalReason;
import io.cutover.core.proposal.ReleaseTag;
import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.ctl.output.Durations;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.schedule.HeightForTime;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "propose", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sign and submit an upgrade proposal: your approval of RELEASE at block HEIGHT.",
            "Reads the chain id and network height from proposal-service (GetNetworkInfo), builds a V3 transaction "
                    + "with a random nonce, signs it with your key and submits it. Prints the proposal id and the transaction hash.",
            "Proposing again moves your vote to the new proposal. Artifacts (the release's binaries and their SHA-256) "
                    + "are signed with the proposal and are part of its id: every validator must give the same ones."},
        footer = {"%nExamples:",
            "  upgradectl propose --release v1.1.0 --height 1200",
            "  upgradectl propose --release v1.1.0 --at 2026-12-08T14:00Z",
            "  upgradectl propose --release v1.1.0 --height 1200 \\",
            "      --artifact linux/amd64=<sha256 as 64 hex>,https://example.org/v1.1.0/node",
            "  upgradectl propose --release v1.1.0 --height 1200 \\",
            "      --artifact-file ./node-v1.1.0 --platform linux/amd64",
            Help.EXIT_CODES})
public class ProposeCommand extends SubmitCommand {

    @Option(names = "--release", required = true, paramLabel = "vX.Y.Z",
            description = "The release tag to upgrade to (semantic version, leading v optional).")
    String release;

    @Option(names = "--height", paramLabel = "H",
            description = "The block height at which every node switches. Must be at least the network's minimum lead "
                    + "ahead of the network height (see `upgradectl network`).")
    Long height;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Instead of --height: the time (ISO-8601 with a zone, e.g. 2026-12-08T14:00Z) at which every node should "
                    + "switch. The height is computed from the network height and its measured block time (GetNetworkInfo); "
                    + "the estimate and its uncertainty are printed before the height is signed.")
    String at;

    @Mixin
    ArtifactOptions artifactOptions = new ArtifactOptions();

    private final List<ReleaseArtifact> allArtifacts = new ArrayList<>();
    private HeightForTime.Planned plan;

    /** The reason given when --at cannot be turned into a height because the block time is unknown. */
    static final String BLOCK_TIME_UNKNOWN = "BLOCK_TIME_UNKNOWN";

    @Override
    void checkArguments() {
        if (ReleaseTag.parse(release).isEmpty()) {
            throw usage("--release '" + release + "' is not a semantic version such as v1.2.3");
        }
        if (height != null && at != null) {
            throw usage("give either --height or --at, not both");
        }
        if (height == null && at == null) {
            throw usage("give the upgrade's --height, or --at a time to compute it from");
        }
        if (at != null) {
            Instant when = atTime();
            if (!when.isAfter(Instant.now())) {
                throw usage("--at " + at + " is in the past (it is " + Durations.utc(Instant.now()) + " now)");
            }
        } else if (height <= 0) {
            throw usage("--height must be a positive block height, got " + height);
        }
        allArtifacts.clear();
        try {
            allArtifacts.addAll(artifactOptions.collect());
        } catch (TypeConversionException e) {
            throw usage(e.getMessage());
        }
    }

    private Instant atTime() {
        try {
            return OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw usage("--at '" + at + "' is not a time such as 2026-12-08T14:00Z (ISO-8601 with a zone)");
        }
    }

    @Override
    void prepare(Printer out, NetworkInfo network) {
        plan = null;
        if (at == null) {
            return;
        }
        HeightForTime.Outcome outcome = HeightForTime.plan(atTime(), Instant.now(), network.getNetworkHeight(),
                network.getBlockTimeMillis(), network.getBlockTimeSpreadMillis(), network.getBlockTimeSamples(), network.getMinLeadBlocks());
        if (outcome instanceof HeightForTime.Refused refused) {
            throw switch (refused.why()) {
                case IN_THE_PAST -> usage("--at " + refused.message());
                case TOO_SOON -> refusal(refused.message(), RefusalReason.HEIGHT_TOO_SOON.name());
                case BLOCK_TIME_UNKNOWN -> refusal(refused.message(), BLOCK_TIME_UNKNOWN);
            };
        }
        plan = (HeightForTime.Planned) outcome;
        height = plan.height();
        if (!out.json()) {
            out.line(String.format(Locale.ROOT, "height %d, expected %s ± %s (block time %.2f s measured over %d blocks)", plan.height(),
                    Durations.utc(plan.expectedAt()), Durations.words(plan.uncertainty()), plan.blockTimeMillis() / 1000.0, plan.samples()));
        }
    }

    private static CommandFailure refusal(String message, String reason) {
        return new CommandFailure(ExitCode.REFUSED, message + " (reason " + reason + ")", reason, null);
    }

    @Override
    Map<String, Object> details() {
        if (plan == null) {
            return Map.of();
        }
        Map<String, Object> estimate = new LinkedHashMap<>();
        estimate.put("height", plan.height());
        estimate.put("expectedAt", Durations.utc(plan.expectedAt()));
        estimate.put("uncertaintySeconds", plan.uncertainty().toSeconds());
        estimate.put("blockTimeMillis", plan.blockTimeMillis());
        estimate.put("blockTimeSamples", plan.samples());
        return Map.of("estimate", estimate);
    }

    @Override
    InputData.Builder command(NetworkInfo network) {
        return InputData.newBuilder().setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                .setVegaReleaseTag(release)
                .setUpgradeBlockHeight(height)
                .addAllArtifacts(allArtifacts));
    }

    @Override
    String summary(Submitted submitted) {
        return "Proposed " + release + " at height " + height
                + (allArtifacts.isEmpty() ? "" : " with " + allArtifacts.size() + " artifact(s)") + ": accepted.";
    }
}
