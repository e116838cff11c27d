package io.cutover.ctl;

import java.util.Objects;

/**
 * Why a command could not do its job: the exit code, a sentence for the operator, and, for a
 * refusal, the server's reason code.
 */
public class CommandFailure extends RuntimeException {

    private final ExitCode exitCode;
    private final String reason;

    public CommandFailure(ExitCode exitCode, String message) {
        this(exitCode, message, "", null);
    }

    public CommandFailure(ExitCode exitCode, String message, String reason, Throwable cause) {
        super(message, cause);
        this.exitCode = Objects.requireNonNull(exitCode);
        this.reason = Objects.requireNonNull(reason);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** The server's reason code (for example {@code DOWNGRADE}), or empty. */
    public String reason() {
        return reason;
    }
}
