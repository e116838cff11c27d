package io.cutover.ctl.commands;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.QueryClient;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.output.ProposalText;
import io.cutover.proto.v1.Proposal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show one proposal: status, tally against the threshold, approvers, rejecters and artifacts.",
        footer = {"%nExamples:",
            "  upgradectl show v1.1.0@1200",
            "  upgradectl show 'v1.1.0@1200#3f2a9c0d1e4b5a69' --output json",
            Help.EXIT_CODES})
public class ShowCommand extends CtlCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The proposal id (tag@height, with #digest when it has artifacts).")
    String proposalId;

    @Override
    ExitCode execute(Printer out) {
        Proposal proposal;
        try (QueryClient client = queries()) {
            proposal = client.get(proposalId.strip());
        }
        if (out.json()) {
            out.json(proposal);
        } else {
            ProposalText.details(proposal).forEach(out::line);
        }
        return ExitCode.OK;
    }
}
