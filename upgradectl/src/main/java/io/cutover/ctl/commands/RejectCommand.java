package io.cutover.ctl.commands;

import io.cutover.ctl.Help;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.InputData;
import io.cutover.proto.vega.ProtocolUpgradeRejection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reject", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sign and submit a rejection: say no to a proposal.",
            "This also withdraws your approval of it. An approved upgrade is cancelled when validators holding "
                    + "the threshold voting power reject it before its height."},
        footer = {"%nExamples:",
            "  upgradectl reject --proposal v1.1.0@1200",
            "  upgradectl reject --proposal 'v1.1.0@1200#3f2a9c0d1e4b5a69' --key /etc/cutover/validator.key",
            Help.EXIT_CODES})
public class RejectCommand extends SubmitCommand {

    @Option(names = "--proposal", required = true, paramLabel = "ID",
            description = "The proposal id, as `upgradectl list` shows it (tag@height, with #digest when it has artifacts).")
    String proposalId;

    @Override
    void checkArguments() {
        if (proposalId.isBlank()) {
            throw usage("--proposal must not be empty");
        }
    }

    @Override
    InputData.Builder command(NetworkInfo network) {
        return InputData.newBuilder().setProtocolUpgradeRejection(
                ProtocolUpgradeRejection.newBuilder().setProposalId(proposalId.strip()));
    }

    @Override
    String summary(Submitted submitted) {
        return "Rejected " + submitted.proposalId() + ": accepted.";
    }
}
