package io.cutover.ctl;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * Runs upgradectl's command line in the test's JVM, configured exactly as the packaged one but
 * without booting Quarkus, so that tests can run it hundreds of times. {@link PackagedCommandLineTest}
 * proves the Quarkus wiring itself.
 */
public final class Cli {

    /** What a run printed and returned, named like Quarkus' LaunchResult. */
    public record Result(int exitCode, String getOutput, String getErrorOutput) {
    }

    private Cli() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = CommandLineSetup.configure(new CommandLine(new UpgradeCtl()))
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
