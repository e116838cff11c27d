package io.cutover.ctl;

/** Text shared by every command's --help. */
public final class Help {

    public static final String EXIT_CODES = "%nExit codes:%n"
            + "  0  success%n"
            + "  1  unexpected error%n"
            + "  2  usage error (unknown option, missing or malformed value)%n"
            + "  3  refused by the service (its reason code is printed)%n"
            + "  4  service unreachable or not answering%n"
            + "  5  not found (unknown proposal)%n"
            + "  6  local file problem (key file, mnemonic, artifact file)%n"
            + "  7  watch: the proposal was rejected or cancelled%n"
            + "  130  stopped with Ctrl-C%n";

    private Help() {
    }
}
