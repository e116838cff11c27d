package io.cutover.ctl.commands;

import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeProposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "withdraw", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Withdraw your votes: propose the release the network already runs (Vega's way to withdraw).",
            "The height defaults to the network height plus the network's minimum lead plus one, so that "
                    + "the transaction passes every height rule."},
        footer = {"%nExamples:",
            "  upgradectl withdraw",
            "  upgradectl withdraw --endpoint 10.0.0.5:8081 --key ~/.cutover/validator-2.key",
            Help.EXIT_CODES})
public class WithdrawCommand extends SubmitCommand {

    @Option(names = "--height", paramLabel = "H",
            description = "The height to put in the withdrawing proposal (default: network height + minimum lead + 1).")
    Long height;

    private String release = "";

    @Override
    void checkArguments() {
        if (height != null && height <= 0) {
            throw usage("--height must be a positive block height, got " + height);
        }
    }

    @Override
    InputData.Builder command(NetworkInfo network) {
        release = network.getCurrentRelease();
        long h = height != null ? height : network.getNetworkHeight() + network.getMinLeadBlocks() + 1;
        return InputData.newBuilder().setProtocolUpgradeProposal(ProtocolUpgradeProposal.newBuilder()
                .setVegaReleaseTag(release)
                .setUpgradeBlockHeight(h));
    }

    @Override
    String summary(Submitted submitted) {
        return "Withdrew your votes by proposing the running release " + release + ": accepted.";
    }
}
