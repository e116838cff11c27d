package io.cutover.ctl.commands;

import java.time.Instant;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.QueryClient;
import io.cutover.ctl.output.CalendarText;
import io.cutover.ctl.output.Printer;
import io.cutover.proto.v1.Calendar;
import picocli.CommandLine.Command;

@Command(name = "calendar", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Print every upcoming upgrade (from vote-aggregator), soonest first: approved here or announced by the chain.",
            "For each: its height, when it is expected (UTC, from the network's measured block time) give or take how much, how far "
                    + "that estimate moved since the upgrade was approved or announced (drift), and the voting power whose nodes have "
                    + "the release staged and verified. Then the hosts where two networks' upgrades are expected close together.",
            "With --chain, only that network's upgrades (default: every network the aggregator serves)."},
        footer = {"%nExamples:",
            "  upgradectl calendar",
            "  upgradectl calendar --chain cutover-devnet --output json",
            Help.EXIT_CODES})
public class CalendarCommand extends CtlCommand {

    @Override
    ExitCode execute(Printer out) {
        Calendar calendar;
        try (QueryClient client = queries()) {
            calendar = client.calendar();
        }
        if (out.json()) {
            out.json(calendar);
        } else {
            CalendarText.lines(calendar, Instant.now()).forEach(out::line);
        }
        return ExitCode.OK;
    }
}
