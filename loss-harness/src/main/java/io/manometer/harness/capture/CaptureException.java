package io.manometer.harness.capture;

/**
 * A capture could not be made, for a reason the user can act on (files in the way, missing credentials, a server
 * that cannot start); the message is one line.
 */
public final class CaptureException extends Exception {

    private static final long serialVersionUID = 1L;

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
