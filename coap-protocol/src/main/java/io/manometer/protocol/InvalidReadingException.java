package io.manometer.protocol;

/**
 * A payload that is not a valid reading. The message is the diagnostic a client sees in the 4.00 response, so it
 * says what is wrong in terms of the payload, never in terms of our code.
 */
public final class InvalidReadingException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidReadingException(String diagnostic) {
        super(diagnostic);
    }
}
