package io.manometer.credentials;

/**
 * A credential that is missing, unreadable or inconsistent. The message is one line a user can act on, naming the
 * file and, where there is one, the command that fixes it; it never contains key material.
 */
public final class CredentialsException extends Exception {

    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message);
    }

    public CredentialsException(String message, Throwable cause) {
        super(message, cause);
    }
}
