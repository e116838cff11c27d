package io.cutover.ctl.commands;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.ctl.Help;
import io.cutover.ctl.client.AgentsClient;
import io.cutover.ctl.client.QueryClient;
import io.cutover.ctl.options.DurationConverter;
import io.cutover.ctl.options.StatusConverter;
import io.cutover.ctl.output.Printer;
import io.cutover.ctl.output.WatchView;
import io.cutover.proto.v1.Proposal;
import io.cutover.proto.v1.ProposalStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Follow proposals and the rollout live: every tally change (vote-aggregator's WatchProposals stream) "
                    + "and every change of a node's rollout phase (vote-aggregator's GET /api/v1/agents).",
            "With --proposal, stops when that upgrade is done: every node runs the release (or, with "
                    + "--until approved, as soon as it is approved); exit code 7 if it is rejected or cancelled.",
            "Without --proposal, runs until Ctrl-C. With --output json, prints one JSON object per line."},
        footer = {"%nExamples:",
            "  upgradectl watch",
            "  upgradectl watch --proposal v1.1.0@1200",
            "  upgradectl watch --proposal v1.1.0@1200 --until approved --output json",
            Help.EXIT_CODES})
public class WatchCommand extends CtlCommand {

    @Option(names = "--proposal", paramLabel = "ID", description = "Follow this proposal until its upgrade is done.")
    String proposalId;

    @Option(names = "--until", paramLabel = "WHEN",
            description = "With --proposal: stop when it is `approved`, or when every node is `upgraded` (default).")
    WatchView.Until until;

    @Option(names = "--status", paramLabel = "S", converter = StatusConverter.class,
            description = "Only proposals with this status: " + StatusConverter.CHOICES + ".")
    ProposalStatus status;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often to read the nodes' rollout phases. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Override
    ExitCode execute(Printer out) {
        if (until != null && proposalId == null) {
            throw usage("--until needs --proposal");
        }
        String target = proposalId == null ? "" : proposalId.strip();
        WatchView view = new WatchView(out, target, until == null ? WatchView.Until.upgraded : until);
        AgentsClient agents = agents();
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upgradectl-agents");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stopped = new AtomicBoolean();
        Thread onCtrlC = null;
        try (QueryClient queries = queries()) {
            // Ctrl-C runs the JVM's shutdown hooks while this thread blocks on the stream: closing the
            // channel ends the stream so that the command can return and the JVM can exit.
            onCtrlC = new Thread(() -> {
                stopped.set(true);
                queries.close();
            }, "upgradectl-stop");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            if (!target.isEmpty()) {
                queries.get(target);
            }
            poller.scheduleWithFixedDelay(() -> pollAgents(agents, view, queries), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
            Iterator<Proposal> stream = queries.watch(status == null ? ProposalStatus.PROPOSAL_STATUS_UNSPECIFIED : status);
            while (view.outcome().isEmpty() && stream.hasNext()) {
                view.proposal(stream.next());
            }
        } catch (CommandFailure e) {
            if (stopped.get()) {
                return ExitCode.INTERRUPTED;
            }
            if (view.outcome().isEmpty()) {
                throw e;
            }
        } finally {
            poller.shutdownNow();
            removeHook(onCtrlC);
        }
        return view.outcome().orElseThrow(() -> new CommandFailure(ExitCode.UNREACHABLE,
                QueryClient.SERVICE + " at " + options.queryEndpoint() + " ended the proposal stream"));
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private static void pollAgents(AgentsClient agents, WatchView view, QueryClient queries) {
        try {
            view.agents(agents.agents());
        } catch (CommandFailure e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the watch is ending
            }
            view.agentsUnavailable(e.getMessage());
        }
        if (view.outcome().isPresent()) {
            queries.close();
        }
    }
}
