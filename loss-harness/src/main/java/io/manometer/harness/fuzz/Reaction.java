package io.manometer.harness.fuzz;

/**
 * What the server did with one abusive CoAP message.
 *
 * @param kind dropped (no answer within the timeout), reset, a response, or not sent (the client's own DTLS stack
 *        refused it, e.g. larger than a record)
 * @param code the response code ({@code 4.02}), empty unless {@code kind} is {@link Kind#RESPONSE}
 */
record Reaction(Kind kind, String code) {

    enum Kind {
        DROPPED, RST, RESPONSE, NOT_SENT
    }

    static final Reaction DROPPED = new Reaction(Kind.DROPPED, "");
    static final Reaction RST = new Reaction(Kind.RST, "");

    static Reaction response(String code) {
        return new Reaction(Kind.RESPONSE, code);
    }

    static Reaction notSent(String why) {
        return new Reaction(Kind.NOT_SENT, why);
    }

    /** {@code 4.00}, {@code RST}, {@code dropped} or {@code not sent: why}, for the report. */
    String describe() {
        return switch (kind) {
            case DROPPED -> "dropped";
            case RST -> "RST";
            case RESPONSE -> code;
            case NOT_SENT -> "not sent: " + code;
        };
    }
}
