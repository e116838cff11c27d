package io.cutover.ctl.commands;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cutover.core.proposal.ReleaseTag;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import io.cutover.proto.vega.ReleaseArtifact;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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

    @Option(names = "--artifact", paramLabel = "OS/ARCH=SHA256[,URL]", converter = Artifacts.Converter.class,
            description = "A binary of the release: its platform, SHA-256 and optional http(s) download URL. Repeatable.")
    List<ReleaseArtifact> artifacts = new ArrayList<>();

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<FileArtifact> fileArtifacts = new ArrayList<>();

    /** A local file whose SHA-256 upgradectl computes, for one platform. */
    static class FileArtifact {
        @Option(names = "--artifact-file", required = true, paramLabel = "PATH[,URL]",
                description = "A local binary of the release; upgradectl computes its SHA-256. Needs --platform. Repeatable.")
        String file;

        @Option(names = "--platform", required = true, paramLabel = "OS/ARCH",
                description = "The platform of the preceding --artifact-file, e.g. linux/amd64.")
        String platform;
    }

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
        allArtifacts.addAll(artifacts);
        for (FileArtifact f : fileArtifacts) {
            try {
                allArtifacts.add(Artifacts.fromFile(f.file, f.platform));
            } catch (TypeConversionException e) {
                throw usage(e.getMessage());
            }
        }
        Set<String> platforms = new HashSet<>();
        for (ReleaseArtifact a : allArtifacts) {
            if (!platforms.add(a.getPlatform())) {
                throw usage("platform " + a.getPlatform() + " is given twice");
            }
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
