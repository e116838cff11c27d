package io.cutover.ctl.commands;

import java.util.List;
import java.util.Map;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.QueryClient;
import io.cutover.ctl.options.StatusConverter;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.output.ProposalText;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List upgrade proposals with their status and tally (from vote-aggregator).",
        footer = {"%nExamples:",
            "  upgradectl list",
            "  upgradectl list --status pending",
            "  upgradectl list --status approved --output json",
            Help.EXIT_CODES})
public class ListCommand extends CtlCommand {

    @Option(names = "--status", paramLabel = "S", converter = StatusConverter.class,
            description = "Only proposals with this status: " + StatusConverter.CHOICES + ".")
    ProposalStatus status;

    @Override
    ExitCode execute(Printer out) {
        List<Proposal> proposals;
        try (QueryClient client = queries()) {
            proposals = client.list(status == null ? ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED : status);
        }
        if (out.json()) {
            out.json(Map.of("proposals", proposals.stream().map(Printer::tree).toList()));
        } else if (proposals.isEmpty()) {
            out.line(status == null ? "No proposals." : "No " + StatusConverter.shortName(status).toLowerCase() + " proposals.");
        } else {
            ProposalText.table(proposals).forEach(out::line);
        }
        return ExitCode.OK;
    }
}
