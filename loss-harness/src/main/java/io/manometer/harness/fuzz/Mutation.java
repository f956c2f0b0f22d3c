package io.manometer.harness.fuzz;

/** The ways {@link Mutator} damages a real handshake datagram; reported so a crash can be tied to its cause. */
enum Mutation {
    /** One to eight random bits flipped anywhere. */
    BIT_FLIP,
    /** Cut at a random length, possibly inside the record header. */
    TRUNCATE,
    /** The record length field (RFC 6347 §4.1) set to 0, 0xffff, or off by a little. */
    RECORD_LENGTH,
    /** One of the handshake header's length, message_seq, fragment_offset or fragment_length fields (§4.2.2). */
    HANDSHAKE_LENGTH,
    /** The epoch set to another value, e.g. a handshake record in epoch 1 or 0xffff. */
    EPOCH,
    /** Protocol version other than DTLS 1.2 (0xfefd): DTLS 1.0, TLS 1.2, garbage. */
    VERSION,
    /** Content type changed, e.g. to 25 (tls12_cid) or an unknown value. */
    CONTENT_TYPE,
    /** The 48-bit sequence number set to 0, its maximum or a random value. */
    SEQUENCE,
    /** The handshake message type changed. */
    HANDSHAKE_TYPE,
    /** Random bytes or a copy of the datagram appended (a second, possibly broken record). */
    APPEND
}
