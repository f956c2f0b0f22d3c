package io.manometer.harness.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes the datagrams of each {@link RawCategory} from the seeded random source and the real flights a device sent
 * ({@link CapturedFlights}). Pure: no sockets, so tests can check exactly what would be sent.
 */
final class RawDatagrams {

    private static final int MAX_RANDOM_LENGTH = 1500;

    private final CapturedFlights flights;
    private final Random random;
    private final Mutator mutator;

    RawDatagrams(CapturedFlights flights, Random random) {
        this.flights = flights;
        this.random = random;
        this.mutator = new Mutator(flights.all(), flights.cidLength(), random);
    }

    byte[] next(RawCategory category) {
        return switch (category) {
            case RANDOM -> bytes(random.nextInt(MAX_RANDOM_LENGTH + 1));
            case MUTATED_HANDSHAKE -> mutator.next().datagram();
            case CLIENT_HELLO_FLOOD -> freshClientHello();
            case BOGUS_CID -> bogusCid();
            case UNKNOWN_SESSION -> record(DtlsBytes.APPLICATION_DATA, 1, new byte[0], bytes(16 + random.nextInt(200)));
        };
    }

    /** The captured ClientHello with a new client random, as a new client's first flight would look. */
    private byte[] freshClientHello() {
        byte[] hello = flights.clientHello().clone();
        byte[] fresh = bytes(32);
        System.arraycopy(fresh, 0, hello, DtlsBytes.CLIENT_HELLO_RANDOM, fresh.length);
        return hello;
    }

    /**
     * Half with random id lengths (0..20), half with the length the server really uses; a quarter of those with the
     * id of a real (idle) session, so the record is looked up and fails its MAC check.
     */
    private byte[] bogusCid() {
        int real = flights.cidLength();
        byte[] cid;
        if (real > 0 && random.nextBoolean()) {
            cid = random.nextInt(4) == 0 ? flights.cid() : bytes(real);
        } else {
            cid = bytes(random.nextInt(21));
        }
        return record(DtlsBytes.TLS12_CID, random.nextInt(3), cid, bytes(random.nextInt(200)));
    }

    /** One well-formed record header around {@code fragment}, at a random sequence number. */
    byte[] record(int type, int epoch, byte[] cid, byte[] fragment) {
        byte[] d = new byte[DtlsBytes.RECORD_HEADER + cid.length + fragment.length];
        d[0] = (byte) type;
        DtlsBytes.putUint(d, DtlsBytes.VERSION, 2, 0xfefd);
        DtlsBytes.putUint(d, DtlsBytes.EPOCH, 2, epoch);
        DtlsBytes.putUint(d, DtlsBytes.SEQUENCE, 6, random.nextLong() & 0xffff_ffff_ffffL);
        System.arraycopy(cid, 0, d, DtlsBytes.LENGTH, cid.length);
        DtlsBytes.putUint(d, DtlsBytes.LENGTH + cid.length, 2, fragment.length);
        System.arraycopy(fragment, 0, d, DtlsBytes.RECORD_HEADER + cid.length, fragment.length);
        return d;
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** What a real device sent upstream during one handshake and one POST, in order. */
    record CapturedFlights(List<byte[]> all, byte[] clientHello, byte[] cid) {

        CapturedFlights {
            all = List.copyOf(all);
            if (!DtlsBytes.isClientHello(clientHello)) {
                throw new IllegalArgumentException("not a ClientHello");
            }
        }

        /** From captured upstream datagrams: the first ClientHello, and the id of the first tls12_cid record. */
        static CapturedFlights of(List<byte[]> upstream) {
            byte[] hello = upstream.stream().filter(DtlsBytes::isClientHello).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no ClientHello among " + upstream.size()
                            + " captured datagrams"));
            byte[] cid = new byte[0];
            for (byte[] d : upstream) {
                int n = DtlsBytes.cidLength(d);
                if (n > 0) {
                    cid = Arrays.copyOfRange(d, DtlsBytes.LENGTH, DtlsBytes.LENGTH + n);
                    break;
                }
            }
            return new CapturedFlights(upstream, hello, cid);
        }

        /** The server's connection id length as seen in the captured records; 0 when none was negotiated. */
        int cidLength() {
            return cid.length;
        }
    }
}
