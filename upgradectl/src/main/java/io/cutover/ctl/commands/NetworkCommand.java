package io.cutover.ctl.commands;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.ProposalClient;
import io.cutover.ctl.output.Printer;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.v1.Validator;
import picocli.CommandLine.Command;

@Command(name = "network", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show the network as proposal-service sees it: chain id, running release, height, threshold, validators.",
        footer = {"%nExamples:",
            "  upgradectl network",
            "  upgradectl network --endpoint 10.0.0.5:8081 --output json",
            Help.EXIT_CODES})
public class NetworkCommand extends CtlCommand {

    @Override
    ExitCode execute(Printer out) {
        NetworkInfo info;
        try (ProposalClient client = proposals()) {
            info = client.networkInfo(options.chain());
        }
        if (out.json()) {
            out.json(info);
            return ExitCode.OK;
        }
        String rule = "at-least".equals(info.getApprovalRule()) ? "at least" : "more than";
        out.line("chain id:         " + info.getChainId());
        out.line("current release:  " + info.getCurrentRelease());
        // proposal-service answers 0 while no node has reported a height (its submissions get NETWORK_HEIGHT_UNKNOWN)
        boolean heightKnown = info.getNetworkHeight() != 0;
        out.line("network height:   " + (heightKnown ? Long.toUnsignedString(info.getNetworkHeight())
                : "unknown (no node has reported one yet; proposals are refused until then)"));
        out.line("approval:         " + rule + " " + info.getApprovalThreshold() + " of the voting power (rule "
                + info.getApprovalRule() + ")");
        out.line("min lead:         " + info.getMinLeadBlocks() + " blocks" + (heightKnown
                ? " (earliest upgrade height now: " + (info.getNetworkHeight() + info.getMinLeadBlocks()) + ")" : ""));
        out.line("replay window:    " + info.getReplayWindowBlocks() + " blocks");
        out.line("validators:       " + info.getValidatorsCount() + ", total voting power " + info.getTotalVotingPower());
        for (Validator v : info.getValidatorsList()) {
            out.line(String.format("  %-20s %s  power %d", v.getName(), v.getPubKey(), v.getVotingPower()));
        }
        return ExitCode.OK;
    }
}
