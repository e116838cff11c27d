package io.cutover.ctl;

/** upgradectl's exit codes. Scripts match on these numbers; never renumber one. */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0),
    /** An unexpected error (a bug, or a server error without a documented reason). */
    ERROR(1),
    /** The command line is wrong: unknown option, missing or malformed value. */
    USAGE(2),
    /** The service refused the request and said why (a documented reason code). */
    REFUSED(3),
    /** The service could not be reached or did not answer in time. */
    UNREACHABLE(4),
    /** The proposal (or other named thing) does not exist. */
    NOT_FOUND(5),
    /** A local file is missing, unreadable or invalid: the key file, the mnemonic, an artifact. */
    LOCAL_FILE(6),
    /** watch ended without the upgrade happening: the proposal was rejected or cancelled. */
    NOT_UPGRADED(7),
    /** Stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report it: 128 + 2. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
