package io.cutover.ctl;

import io.cutover.ctl.commands.CalendarCommand;
import io.cutover.ctl.commands.ImportCommand;
import io.cutover.ctl.commands.KeygenCommand;
import io.cutover.ctl.commands.ListCommand;
import io.cutover.ctl.commands.NetworkCommand;
import io.cutover.ctl.commands.ProposeCommand;
import io.cutover.ctl.commands.RecoverCommand;
import io.cutover.ctl.commands.RejectCommand;
import io.cutover.ctl.commands.ShowCommand;
import io.cutover.ctl.commands.WatchCommand;
import io.cutover.ctl.commands.WithdrawCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "upgradectl", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "The validator's command line for Cutover protocol upgrades.",
            "Sign and submit upgrade proposals, reject or withdraw them, recover an upgrade that failed at its height, and follow tallies and rollouts.",
            "Run `upgradectl COMMAND --help` for each command's options."},
        footer = Help.EXIT_CODES,
        subcommands = {
            KeygenCommand.class, ImportCommand.class, ProposeCommand.class, RejectCommand.class, RecoverCommand.class,
            WithdrawCommand.class, ListCommand.class, ShowCommand.class, WatchCommand.class, NetworkCommand.class, CalendarCommand.class})
public class UpgradeCtl {
}
