package io.cutover.ctl.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.client.AgentsClient;
import io.cutover.ctl.client.ProposalClient;
import io.cutover.ctl.client.QueryClient;
import io.cutover.ctl.keys.KeyFile;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.ctl.options.CommonOptions;
import io.cutover.ctl.output.Printer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What every upgradectl command shares: the common options, output, clients and key loading. */
abstract class CtlCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Printer printer = new Printer(spec.commandLine().getOut(), spec.commandLine().getErr(), options.output());
        return execute(printer).code();
    }

    /** Does the command's work; expected failures are thrown as {@link io.cutover.ctl.CommandFailure}. */
    abstract ExitCode execute(Printer out);

    /** A usage error (exit code 2), printed with the command's usage. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    ProposalClient proposals() {
        PrintWriter err = spec.commandLine().getErr();
        return new ProposalClient(options.endpoints(), options.timeout(), options.security(), note -> {
            err.println("upgradectl: " + note);
            err.flush();
        });
    }

    QueryClient queries() {
        return new QueryClient(options.queryEndpoint(), options.timeout(), options.security(), options.chain());
    }

    AgentsClient agents() {
        return new AgentsClient(options.queryEndpoint(), options.timeout(), options.security(), options.chain());
    }

    ValidatorKey loadKey(Printer out) {
        Path file = options.keyFile();
        ValidatorKey key = KeyFile.read(file);
        if (KeyFile.readableByOthers(file)) {
            out.warn("key file " + file + " is readable by other users; run: chmod 600 " + file);
        }
        return key;
    }
}
