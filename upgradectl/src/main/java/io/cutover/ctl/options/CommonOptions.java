package io.cutover.ctl.options;

import java.nio.file.Path;
import java.time.Duration;

import io.cutover.ctl.client.Endpoint;
import io.cutover.ctl.output.OutputFormat;
import picocli.CommandLine.Option;

/** The options every upgradectl command takes. */
public class CommonOptions {

    /** Where keys live when neither --key nor CUTOVER_KEY says otherwise. */
    public static final String DEFAULT_KEY = "~/.cutover/validator.key";

    @Option(names = "--endpoint", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8081",
            converter = Endpoint.Converter.class,
            description = "proposal-service (gRPC) address. Default: ${DEFAULT-VALUE}.")
    Endpoint endpoint;

    @Option(names = "--query-endpoint", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8082",
            converter = Endpoint.Converter.class,
            description = "vote-aggregator (gRPC and REST) address. Default: ${DEFAULT-VALUE}.")
    Endpoint queryEndpoint;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Validator key file. Default: $CUTOVER_KEY, else " + DEFAULT_KEY + ".")
    Path key;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES}. json is one document on stdout (watch: one per line). Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for each answer from a service, e.g. 10s, 500ms, 1m. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    public Endpoint endpoint() {
        return endpoint;
    }

    public Endpoint queryEndpoint() {
        return queryEndpoint;
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
