package io.manometer.server.resource;

/** Input a client got wrong (query, option, payload); {@link GuardedResource} answers it with 4.00 and the message. */
public final class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String diagnostic) {
        super(diagnostic);
    }
}
