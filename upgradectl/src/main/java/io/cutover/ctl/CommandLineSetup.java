package io.cutover.ctl;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.cutover.ctl.keys.InvalidMnemonicException;
import io.cutover.ctl.keys.KeyFileException;
import io.cutover.ctl.output.OutputFormat;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Maps every failure to its message and exit code, in one place. */
@ApplicationScoped
class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return configure(factory.create());
    }

    /** The settings upgradectl's command line runs with (also used by tests that run it without Quarkus). */
    static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(CommandLineSetup::handle);
    }

    private static int handle(Exception e, CommandLine command, ParseResult parseResult) {
        CommandFailure failure = asFailure(e);
        var err = command.getErr();
        err.println("upgradectl " + command.getCommandName() + ": " + failure.getMessage());
        if (System.getenv("UPGRADECTL_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        if (outputFormat(parseResult) == OutputFormat.json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("exitCode", failure.exitCode().code());
            error.put("kind", failure.exitCode().name());
            error.put("reason", failure.reason());
            error.put("message", failure.getMessage());
            new io.cutover.ctl.output.Printer(command.getOut(), err, OutputFormat.json).json(Map.of("error", error));
        }
        return failure.exitCode().code();
    }

    static CommandFailure asFailure(Exception e) {
        if (e instanceof CommandFailure f) {
            return f;
        }
        if (e instanceof KeyFileException || e instanceof InvalidMnemonicException) {
            return new CommandFailure(ExitCode.LOCAL_FILE, e.getMessage(), "", e);
        }
        return new CommandFailure(ExitCode.ERROR, "unexpected error: " + e + " (set UPGRADECTL_DEBUG=1 for details)", "", e);
    }

    private static OutputFormat outputFormat(ParseResult parseResult) {
        ParseResult leaf = parseResult;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.matchedOptionValue("--output", OutputFormat.text);
    }
}
