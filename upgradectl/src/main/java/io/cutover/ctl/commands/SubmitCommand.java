package io.cutover.ctl.commands;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cutover.ctl.ExitCode;
import io.cutover.ctl.client.ProposalClient;
import io.cutover.ctl.client.TransactionSubmitter;
import io.cutover.ctl.client.TransactionSubmitter.Submitted;
import io.cutover.ctl.keys.ValidatorKey;
import io.cutover.ctl.output.Printer;
import io.cutover.proto.v1.NetworkInfo;
import io.cutover.proto.vega.InputData;

/** A command that signs one transaction and submits it to proposal-service. */
abstract class SubmitCommand extends CtlCommand {

    @Override
    final ExitCode execute(Printer out) {
        checkArguments();
        ValidatorKey key = loadKey(out);
        try (ProposalClient client = proposals()) {
            NetworkInfo network = client.networkInfo(options.chain());
            prepare(out, network);
            InputData.Builder command = command(network);
            Submitted submitted = new TransactionSubmitter(client, key).submit(network, command);
            print(out, network, submitted);
        }
        return ExitCode.OK;
    }

    /** Checks what can be checked before reading the key or calling a service; throws {@link #usage}. */
    void checkArguments() {
    }

    /** Works out and prints what the command needs of the network before anything is signed; throws to refuse. */
    void prepare(Printer out, NetworkInfo network) {
    }

    /** Fields this command adds to its {@code --output json} answer. */
    Map<String, Object> details() {
        return Map.of();
    }

    /** The InputData with its command set. */
    abstract InputData.Builder command(NetworkInfo network);

    /** One sentence saying what was submitted. */
    abstract String summary(Submitted submitted);

    private void print(Printer out, NetworkInfo network, Submitted s) {
        if (out.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("action", spec.name());
            json.put("proposalId", s.proposalId());
            json.put("txHash", s.txHash());
            json.put("signer", s.signer());
            json.put("chainId", s.chainId());
            json.put("nonce", s.nonce());
            json.put("blockHeight", s.blockHeight());
            json.putAll(details());
            out.json(json);
            return;
        }
        out.line(summary(s));
        out.line("  proposal id: " + s.proposalId());
        out.line("  tx hash:     " + s.txHash());
        out.line("  signer:      " + s.signer());
        out.line("  chain id:    " + s.chainId() + " (network height " + network.getNetworkHeight() + ")");
        out.line("Follow it with: upgradectl show '" + s.proposalId() + "'  or  upgradectl watch --proposal '" + s.proposalId() + "'");
    }
}
