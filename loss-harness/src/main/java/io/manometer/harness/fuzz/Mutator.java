package io.manometer.harness.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damages real handshake datagrams one field at a time. Random bytes rarely get past a DTLS record parser's first
 * check, whereas a real ClientHello with a wrong fragment length or a Finished record in the wrong epoch reaches the
 * code paths a hostile peer would aim at. Pure and seeded: the same seed gives the same datagrams.
 */
final class Mutator {

    private static final Mutation[] ALL = Mutation.values();
    private static final int[] VERSIONS = {0xfefd, 0xfeff, 0x0303, 0xfefc, 0x0000, 0xffff};
    private static final int[] TYPES = {20, 21, 22, 23, 24, 25, 0, 255};

    /** One damaged datagram and what was done to it. */
    record Mutant(Mutation mutation, byte[] datagram) {
    }

    private final List<byte[]> templates;
    private final int cidLength;
    private final Random random;

    /**
     * @param templates real datagrams to start from, at least one
     * @param cidLength length of the connection id in {@code tls12_cid} templates, -1 if unknown
     * @param random the run's seeded source
     */
    Mutator(List<byte[]> templates, int cidLength, Random random) {
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no template datagrams to mutate");
        }
        this.templates = List.copyOf(templates);
        this.cidLength = cidLength;
        this.random = random;
    }

    Mutant next() {
        byte[] template = templates.get(random.nextInt(templates.size()));
        Mutation mutation = ALL[random.nextInt(ALL.length)];
        return new Mutant(mutation, apply(mutation, template));
    }

    /** Applies one mutation to a copy of {@code template}; the template itself is never changed. */
    byte[] apply(Mutation mutation, byte[] template) {
        byte[] d = template.clone();
        boolean header = d.length >= DtlsBytes.RECORD_HEADER;
        switch (mutation) {
            case BIT_FLIP -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips && d.length > 0; i++) {
                    int bit = random.nextInt(d.length * 8);
                    d[bit / 8] ^= (byte) (1 << (bit % 8));
                }
            }
            case TRUNCATE -> d = Arrays.copyOf(d, d.length == 0 ? 0 : random.nextInt(d.length));
            case RECORD_LENGTH -> {
                int offset = DtlsBytes.lengthOffset(d, cidLength);
                if (offset + 2 <= d.length) {
                    DtlsBytes.putUint(d, offset, 2, skewed(DtlsBytes.uint(d, offset, 2), 0xffff));
                }
            }
            case HANDSHAKE_LENGTH -> {
                if (d.length >= DtlsBytes.RECORD_HEADER + DtlsBytes.HANDSHAKE_HEADER) {
                    // length(3) @1, message_seq(2) @4, fragment_offset(3) @6, fragment_length(3) @9
                    int[][] fields = {{1, 3}, {4, 2}, {6, 3}, {9, 3}};
                    int[] field = fields[random.nextInt(fields.length)];
                    int offset = DtlsBytes.RECORD_HEADER + field[0];
                    long max = (1L << (8 * field[1])) - 1;
                    DtlsBytes.putUint(d, offset, field[1], skewed(DtlsBytes.uint(d, offset, field[1]), max));
                }
            }
            case EPOCH -> {
                if (header) {
                    DtlsBytes.putUint(d, DtlsBytes.EPOCH, 2, pick(new long[] {0, 1, 2, 0xffff, random.nextInt(65536)},
                            DtlsBytes.uint(d, DtlsBytes.EPOCH, 2)));
                }
            }
            case VERSION -> {
                if (header) {
                    DtlsBytes.putUint(d, DtlsBytes.VERSION, 2, VERSIONS[1 + random.nextInt(VERSIONS.length - 1)]);
                }
            }
            case CONTENT_TYPE -> {
                if (header) {
                    int type = random.nextBoolean() ? TYPES[random.nextInt(TYPES.length)] : random.nextInt(256);
                    d[0] = (byte) (type == (d[0] & 0xff) ? type ^ 0x40 : type);
                }
            }
            case SEQUENCE -> {
                if (header) {
                    long[] choices = {0, 0xffff_ffff_ffffL, random.nextLong() & 0xffff_ffff_ffffL};
                    DtlsBytes.putUint(d, DtlsBytes.SEQUENCE, 6, pick(choices, -1));
                }
            }
            case HANDSHAKE_TYPE -> {
                if (d.length > DtlsBytes.RECORD_HEADER) {
                    d[DtlsBytes.RECORD_HEADER] = (byte) (d[DtlsBytes.RECORD_HEADER] + 1 + random.nextInt(255));
                }
            }
            case APPEND -> {
                byte[] tail = random.nextBoolean() ? template : randomBytes(1 + random.nextInt(64));
                byte[] longer = Arrays.copyOf(d, d.length + tail.length);
                System.arraycopy(tail, 0, longer, d.length, tail.length);
                d = longer;
            }
            default -> throw new IllegalStateException("unknown mutation " + mutation);
        }
        return d;
    }

    /** 0, the field's maximum, or the old value a little off: the values length checks get wrong. */
    private long skewed(long old, long max) {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> max;
            case 2 -> Math.max(0, Math.min(max, old + 1 + random.nextInt(16)));
            default -> Math.max(0, old - 1 - random.nextInt(16));
        };
    }

    private long pick(long[] choices, long avoid) {
        long value = choices[random.nextInt(choices.length)];
        return value == avoid ? (value + 1) & 0xffff : value;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
