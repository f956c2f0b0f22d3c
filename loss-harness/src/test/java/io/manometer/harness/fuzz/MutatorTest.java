package io.manometer.harness.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MutatorTest {

    /** A ClientHello record: header, handshake header, version and a 32-byte random, then a few body bytes. */
    private static final byte[] HELLO = clientHello();

    @Test
    void the_same_seed_gives_the_same_datagrams() {
        Mutator a = new Mutator(List.of(HELLO), -1, new Random(7));
        Mutator b = new Mutator(List.of(HELLO), -1, new Random(7));
        for (int i = 0; i < 200; i++) {
            Mutator.Mutant x = a.next();
            Mutator.Mutant y = b.next();
            assertEquals(x.mutation(), y.mutation());
            assertArrayEquals(x.datagram(), y.datagram());
        }
    }

    @Test
    void each_mutation_changes_its_field_and_never_the_template() {
        byte[] original = HELLO.clone();
        Mutator mutator = new Mutator(List.of(HELLO), -1, new Random(1));
        for (Mutation mutation : Mutation.values()) {
            for (int i = 0; i < 20; i++) {
                byte[] mutant = mutator.apply(mutation, HELLO);
                switch (mutation) {
                    case TRUNCATE -> assertTrue(mutant.length < HELLO.length);
                    case APPEND -> assertTrue(mutant.length > HELLO.length);
                    case VERSION -> assertNotEquals(0xfefd, DtlsBytes.uint(mutant, DtlsBytes.VERSION, 2));
                    case CONTENT_TYPE -> assertNotEquals(DtlsBytes.HANDSHAKE, DtlsBytes.type(mutant));
                    case EPOCH -> assertNotEquals(0, DtlsBytes.uint(mutant, DtlsBytes.EPOCH, 2));
                    case HANDSHAKE_TYPE -> assertNotEquals(1, mutant[DtlsBytes.RECORD_HEADER]);
                    default -> assertEquals(HELLO.length, mutant.length);
                }
            }
        }
        assertArrayEquals(original, HELLO);
    }

    @Test
    void flood_hellos_differ_only_in_their_random() {
        RawDatagrams datagrams = new RawDatagrams(RawDatagrams.CapturedFlights.of(List.of(HELLO)), new Random(3));
        byte[] a = datagrams.next(RawCategory.CLIENT_HELLO_FLOOD);
        byte[] b = datagrams.next(RawCategory.CLIENT_HELLO_FLOOD);
        assertTrue(DtlsBytes.isClientHello(a));
        assertFalse(Arrays.equals(a, b));
        for (int i = 0; i < a.length; i++) {
            if (i < DtlsBytes.CLIENT_HELLO_RANDOM || i >= DtlsBytes.CLIENT_HELLO_RANDOM + 32) {
                assertEquals(HELLO[i], a[i], "byte " + i);
            }
        }
    }

    @Test
    void cid_records_declare_the_length_that_follows() {
        RawDatagrams datagrams = new RawDatagrams(RawDatagrams.CapturedFlights.of(List.of(HELLO)), new Random(5));
        byte[] record = datagrams.record(DtlsBytes.TLS12_CID, 1, new byte[6], new byte[40]);
        assertEquals(6, DtlsBytes.cidLength(record));
    }

    @Test
    void category_budgets_add_up_to_the_total() {
        long sum = 0;
        for (RawCategory category : RawCategory.values()) {
            sum += category.budget(100_003);
        }
        assertEquals(100_003, sum);
    }

    private static byte[] clientHello() {
        byte[] d = new byte[DtlsBytes.CLIENT_HELLO_RANDOM + 32 + 8];
        d[0] = DtlsBytes.HANDSHAKE;
        DtlsBytes.putUint(d, DtlsBytes.VERSION, 2, 0xfefd);
        DtlsBytes.putUint(d, DtlsBytes.LENGTH, 2, d.length - DtlsBytes.RECORD_HEADER);
        d[DtlsBytes.RECORD_HEADER] = 1;
        DtlsBytes.putUint(d, DtlsBytes.RECORD_HEADER + 1, 3, d.length - DtlsBytes.RECORD_HEADER - 12);
        DtlsBytes.putUint(d, DtlsBytes.RECORD_HEADER + 9, 3, d.length - DtlsBytes.RECORD_HEADER - 12);
        return d;
    }
}
