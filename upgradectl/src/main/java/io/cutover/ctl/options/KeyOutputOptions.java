package io.cutover.ctl.options;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** Where keygen and import write the key, and whether they may replace a file. */
public class KeyOutputOptions {

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the key (default: --key, $CUTOVER_KEY, else " + CommonOptions.DEFAULT_KEY + ").")
    Path out;

    @Option(names = "--force", description = "Replace an existing key file (its key is lost).")
    boolean force;

    public Path file(CommonOptions options) {
        return out != null ? out : options.keyFile();
    }

    public boolean force() {
        return force;
    }
}
