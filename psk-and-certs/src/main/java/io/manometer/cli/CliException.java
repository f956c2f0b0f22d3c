package io.manometer.cli;

/**
 * A failure the user can act on: bad input, missing files, a peer that refused us. {@link Cli} prints its message
 * as one line and exits with its code; it is never shown as a stack trace.
 */
public class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
