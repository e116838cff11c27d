package io.cutover.ctl.commands;

import java.util.ArrayList;
import java.util.List;

import io.cutover.core.proposal.ReleaseTag;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.HotFix;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ReleaseArtifact;
import io.cutover.proto.vega.ReturnToPrevious;
import io.cutover.proto.vega.UpgradeRecovery;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(name = "recover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sign and submit your vote to recover an upgrade that failed at its height: a hot-fix release started at "
                    + "the same height, or a return to the release that ran before, with the upgrade skipped.",
            "proposal-service accepts it only while the network is halted at the upgrade's height (no node reports a "
                    + "height above it); otherwise it is refused with NETWORK_NOT_HALTED. Votes are tallied by voting power "
                    + "with the upgrade threshold; once approved, every rollout agent verifies the signatures and applies "
                    + "the recovery unattended.",
            "Voting again for another recovery of the same upgrade moves your vote. Every validator must give the same "
                    + "hot-fix tag and artifacts: they are part of the recovery's id."},
        footer = {"%nExamples:",
            "  upgradectl recover --upgrade v1.1.0@1200 --hot-fix v1.1.1 \\",
            "      --artifact linux/amd64=<sha256 as 64 hex>,https://example.org/v1.1.1/node",
            "  upgradectl recover --upgrade v1.1.0@1200 --return",
            "  upgradectl recover --upgrade v0.47.2@880 --return      (an upgrade announced by the chain: <tag>@<height>)",
            Help.EXIT_CODES})
public class RecoverCommand extends SubmitCommand {

    @Option(names = "--upgrade", required = true, paramLabel = "ID",
            description = "The failed upgrade: its proposal id as `upgradectl list` shows it (tag@height, with #digest when it "
                    + "has artifacts), or tag@height for an upgrade the chain announced, as the dashboard shows it.")
    String upgradeId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    /** Exactly one of the two recoveries. */
    static class Action {
        @Option(names = "--hot-fix", required = true, paramLabel = "vX.Y.Z",
                description = "Start this fixed release at the upgrade's height instead of the failed one. Must be newer than the "
                        + "failed release.")
        String hotFix;

        @Option(names = "--return", required = true,
                description = "Go back to the release that ran before the upgrade, restoring the agents' checkpoints, with the "
                        + "upgrade at its height skipped.")
        boolean returnToPrevious;
    }

    @Mixin
    ArtifactOptions artifactOptions = new ArtifactOptions();

    private final List<ReleaseArtifact> allArtifacts = new ArrayList<>();

    @Override
    void checkArguments() {
        if (upgradeId.isBlank()) {
            throw usage("--upgrade must not be empty");
        }
        allArtifacts.clear();
        try {
            allArtifacts.addAll(artifactOptions.collect());
        } catch (TypeConversionException e) {
            throw usage(e.getMessage());
        }
        if (action.hotFix == null) {
            if (!allArtifacts.isEmpty()) {
                throw usage("--artifact and --artifact-file belong to --hot-fix; --return goes back to the release the nodes ran before");
            }
            return;
        }
        if (ReleaseTag.parse(action.hotFix).isEmpty()) {
            throw usage("--hot-fix '" + action.hotFix + "' is not a semantic version such as v1.2.4");
        }
    }

    @Override
    InputData.Builder command(NetworkInfo network) {
        UpgradeRecovery.Builder recovery = UpgradeRecovery.newBuilder().setUpgradeId(upgradeId.strip());
        if (action.hotFix != null) {
            recovery.setHotFix(HotFix.newBuilder().setVegaReleaseTag(action.hotFix).addAllArtifacts(allArtifacts));
        } else {
            recovery.setReturnToPrevious(ReturnToPrevious.getDefaultInstance());
        }
        return InputData.newBuilder().setUpgradeRecovery(recovery);
    }

    @Override
    String summary(Submitted submitted) {
        return (action.hotFix != null
                ? "Voted to recover " + upgradeId.strip() + " with hot-fix " + action.hotFix
                        + (allArtifacts.isEmpty() ? "" : " (" + allArtifacts.size() + " artifact(s))")
                : "Voted to recover " + upgradeId.strip() + " by returning to the previous release") + ": accepted.";
    }
}
