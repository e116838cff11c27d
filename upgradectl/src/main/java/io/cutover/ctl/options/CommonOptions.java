package io.cutover.ctl.options;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.cutover.ctl.CommandFailure;
import io.cutover.ctl.ExitCode;
import io.cutover.ctl.client.Endpoint;
import io.cutover.ctl.client.TransportSecurity;
import io.cutover.ctl.output.OutputFormat;
import picocli.CommandLine.Option;

/** The options every upgradectl command takes. */
public class CommonOptions {

    /** Where keys live when neither --key nor CUTOVER_KEY says otherwise. */
    public static final String DEFAULT_KEY = "~/.cutover/validator.key";

    @Option(names = "--endpoint", paramLabel = "HOST:PORT[,HOST:PORT...]", defaultValue = "127.0.0.1:8081", split = ",",
            converter = Endpoint.Converter.class,
            description = {"proposal-service (gRPC) address; several instances comma-separated: when one cannot be reached, "
                + "the next is tried (a repeat of a transaction is counted once).", "Default: ${DEFAULT-VALUE}."})
    List<Endpoint> endpoints;

    @Option(names = "--query-endpoint", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8082",
            converter = Endpoint.Converter.class,
            description = "vote-aggregator (gRPC and REST) address. Default: ${DEFAULT-VALUE}.")
    Endpoint queryEndpoint;

    @Option(names = "--chain", paramLabel = "CHAIN_ID", defaultValue = "${env:CUTOVER_CHAIN}",
            description = {"The chain id of the network to work on, sent with every query and with the network information a "
                + "transaction is built from.", "It is needed only when the services serve more than one network.",
                "Default: $CUTOVER_CHAIN, else none (the only network served)."})
    String chain;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Validator key file. Default: $CUTOVER_KEY, else " + DEFAULT_KEY + ".")
    Path key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. json is one document on stdout (watch: one per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for each answer from a service, e.g. 10s, 500ms, 1m. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--tls", description = "Connect to the services over TLS (also $CUTOVER_TLS=true). Implied by --ca-file and --cert.")
    boolean tls;

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates to trust for the services' TLS certificates (default: the JDK's trusted CAs).")
    Path caFile;

    @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate for mutual TLS; needs --cert-key.")
    Path certFile;

    @Option(names = "--cert-key", paramLabel = "PEM", description = "Unencrypted PKCS#8 private key of --cert.")
    Path certKeyFile;

    /** Plaintext, or TLS when --tls, --ca-file, --cert or $CUTOVER_TLS=true say so. */
    public TransportSecurity security() {
        if ((certFile == null) != (certKeyFile == null)) {
            throw new CommandFailure(ExitCode.USAGE, "--cert and --cert-key go together");
        }
        boolean on = tls || caFile != null || certFile != null || "true".equalsIgnoreCase(System.getenv("CUTOVER_TLS"));
        return on ? new TransportSecurity(true, Optional.ofNullable(caFile), Optional.ofNullable(certFile), Optional.ofNullable(certKeyFile))
                : TransportSecurity.PLAINTEXT;
    }

    /** Every proposal-service instance given, in the order to try them. */
    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints);
    }

    public Endpoint queryEndpoint() {
        return queryEndpoint;
    }

    /** --chain, else $CUTOVER_CHAIN, else "" (the only network the services serve). */
    public String chain() {
        return chain == null ? "" : chain.strip();
    }

    public OutputFormat output() {
        return output;
    }

    public Duration timeout() {
        return timeout;
    }

    /** --key, else $CUTOVER_KEY, else ~/.cutover/validator.key. */
    public Path keyFile() {
        if (key != null) {
            return key;
        }
        String env = System.getenv("CUTOVER_KEY");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cutover", "validator.key");
    }
}
