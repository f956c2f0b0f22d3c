package io.manometer.harness.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoapBytesTest {

    @Test
    void a_post_is_encoded_as_rfc_7252_section_3_says() {
        byte[] bytes = CoapBytes.request(2).pressure().contentFormat(50).payload("{}").bytes();

        byte[] expected = {0x44, 0x02, 0, 0, 'M', 'A', 'N', 'O', (byte) 0xb8, 'p', 'r', 'e', 's', 's', 'u', 'r', 'e',
            0x11, 50, (byte) 0xff, '{', '}'};
        assertArrayEquals(expected, bytes);
    }

    @Test
    void extended_option_deltas_use_one_and_two_extra_bytes() {
        assertArrayEquals(new byte[] {(byte) 0xd1, 2, 'x'}, tail(CoapBytes.request(1).option(15, "x")));
        assertArrayEquals(new byte[] {(byte) 0xe1, (byte) 0xfc, (byte) 0xdc, 'x'},
                tail(CoapBytes.request(1).option(65001, "x")));
    }

    @Test
    void message_id_and_code_are_read_back() {
        byte[] message = CoapBytes.request(2).bytes();
        CoapBytes.setMessageId(message, 0xbeef);

        assertEquals(0xbeef, CoapBytes.messageId(message));
        assertEquals("0.02", CoapBytes.code(message));
        assertEquals(CoapBytes.CON, CoapBytes.type(message));
    }

    @Test
    void every_case_has_a_unique_name_and_bad_input_marks_5xx_as_a_bug() {
        List<AbuseCase> cases = new ArrayList<>(ProtocolAbuse.cases());
        cases.addAll(PayloadAbuse.cases("dev-1"));
        Set<String> names = new HashSet<>();
        for (AbuseCase c : cases) {
            assertTrue(names.add(c.group() + "/" + c.name()), "duplicate " + c.name());
        }
        AbuseCase proxy = cases.stream().filter(c -> c.name().equals("proxy-uri")).findFirst().orElseThrow();
        assertFalse(proxy.isBug("5.05"));
        assertTrue(proxy.isBug("5.00"));
    }

    @Test
    void a_padded_reading_has_exactly_the_asked_size() {
        assertEquals(4096, ProtocolAbuse.padded(4096).length());
    }

    private static byte[] tail(CoapBytes message) {
        byte[] bytes = message.bytes();
        return Arrays.copyOfRange(bytes, 8, bytes.length);
    }
}
