package io.manometer.harness.fuzz;

import java.util.Locale;

/**
 * The kinds of unauthenticated datagrams the fuzzer throws at the server's DTLS port, with the share of the
 * datagram budget each gets. Every one of them must be dropped or answered statelessly.
 */
enum RawCategory {
    /** Random bytes, random lengths 0..1500. */
    RANDOM("random datagrams", 30),
    /** A real client's handshake and application records, one field damaged ({@link Mutation}). */
    MUTATED_HANDSHAKE("mutated handshake records", 30),
    /** Fresh ClientHellos from many source ports: must cost the server one HelloVerifyRequest each, no state. */
    CLIENT_HELLO_FLOOD("ClientHello flood", 20),
    /** {@code tls12_cid} records with random connection ids, and with the real id length but unknown values. */
    BOGUS_CID("bogus CID records", 10),
    /** Application data (type 23, epoch 1) from addresses that have no session. */
    UNKNOWN_SESSION("application data, no session", 10);

    private final String title;
    private final int share;

    RawCategory(String title, int share) {
        this.title = title;
        this.share = share;
    }

    String title() {
        return title;
    }

    String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** This category's part of {@code total} datagrams; the parts add up to {@code total}. */
    long budget(long total) {
        long assigned = 0;
        for (RawCategory c : values()) {
            if (c != RANDOM) {
                assigned += total * c.share / 100;
            }
        }
        return this == RANDOM ? total - assigned : total * share / 100;
    }
}
