package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DtlsRecordTest {

    @Test
    void a_datagram_splits_into_its_records_with_header_fields_and_wire_lengths() {
        byte[] datagram = Wire.concat(Wire.record(DtlsRecord.CHANGE_CIPHER_SPEC, 0, 3, new byte[] {1}),
                Wire.record(DtlsRecord.HANDSHAKE, 1, 0, new byte[40]));

        List<DtlsRecord> records = DtlsRecord.parse(datagram, 0);

        assertEquals(2, records.size());
        assertEquals(DtlsRecord.CHANGE_CIPHER_SPEC, records.get(0).type());
        assertEquals(3, records.get(0).sequence());
        assertEquals(14, records.get(0).wireLength());
        assertEquals(1, records.get(1).epoch());
        assertEquals(53, records.get(1).wireLength());
    }

    @Test
    void a_tls12_cid_record_carries_the_connection_id_before_its_length() {
        byte[] cid = {0x0a, 0x0b};
        byte[] fragment = new byte[41];
        byte[] datagram = Wire.record(DtlsRecord.TLS12_CID, 1, 0x0102030405L, cid, fragment);

        DtlsRecord record = DtlsRecord.parse(datagram, 2).get(0);

        assertEquals(0x0102030405L, record.sequence());
        assertEquals(13 + 2 + 41, record.wireLength());
        assertArrayEquals(fragment, record.fragment());
    }

    @Test
    void encrypted_records_have_no_readable_messages() {
        DtlsRecord finished = DtlsRecord.parse(Wire.record(DtlsRecord.HANDSHAKE, 1, 0, new byte[40]), 0).get(0);

        assertTrue(finished.messages().isEmpty());
    }

    @Test
    void a_record_longer_than_its_datagram_is_rejected() {
        byte[] datagram = Wire.record(DtlsRecord.HANDSHAKE, 0, 0, new byte[20]);
        byte[] cut = Arrays.copyOf(datagram, datagram.length - 1);

        assertThrows(IllegalArgumentException.class, () -> DtlsRecord.parse(cut, 0));
    }
}
