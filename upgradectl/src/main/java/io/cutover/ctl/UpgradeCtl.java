package io.cutover.ctl;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "upgradectl", mixinStandardHelpOptions = true,
        description = "The validator's command line for Cutover protocol upgrades.")
public class UpgradeCtl {
}
