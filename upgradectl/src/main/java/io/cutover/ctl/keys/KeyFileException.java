package io.cutover.ctl.keys;

/** A key file that cannot be read, written or trusted. */
public class KeyFileException extends RuntimeException {

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
