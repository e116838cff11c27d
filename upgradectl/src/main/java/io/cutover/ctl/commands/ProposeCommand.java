package io.cutover.ctl.commands;

import java.util.ArrayList;
import java.util.List;

import io.cutover.core.proposal.ReleaseTag;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
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
            "  upgradectl propose --release v1.1.0 --height 1200 \\",
            "      --artifact linux/amd64=<sha256 as 64 hex>,https://example.org/v1.1.0/node",
            "  upgradectl propose --release v1.1.0 --height 1200 \\",
            "      --artifact-file ./node-v1.1.0 --platform linux/amd64",
            Help.EXIT_CODES})
public class ProposeCommand extends SubmitCommand {

    @Option(names = "--release", required = true, paramLabel = "vX.Y.Z",
            description = "The release tag to upgrade to (semantic version, leading v optional).")
    String release;

    @Option(names = "--height", required = true, paramLabel = "H",
            description = "The block height at which every node switches. Must be at least the network's minimum lead "
                    + "ahead of the network height (see `upgradectl network`).")
    long height;

    @Mixin
    ArtifactOptions artifactOptions = new ArtifactOptions();

    private final List<ReleaseArtifact> allArtifacts = new ArrayList<>();

    @Override
    void checkArguments() {
        if (ReleaseTag.parse(release).isEmpty()) {
            throw usage("--release '" + release + "' is not a semantic version such as v1.2.3");
        }
        if (height <= 0) {
            throw usage("--height must be a positive block height, got " + height);
        }
        allArtifacts.clear();
        try {
            allArtifacts.addAll(artifactOptions.collect());
        } catch (TypeConversionException e) {
            throw usage(e.getMessage());
        }
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
