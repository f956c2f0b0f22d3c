package io.manometer.protocol.json;

/** Thrown when a payload is not valid JSON; the message names the offset and what was expected. */
public final class JsonSyntaxException extends Exception {

    private static final long serialVersionUID = 1L;

    public JsonSyntaxException(String message, int offset) {
        super(message + " at offset " + offset);
    }
}
