package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.harness.compare.HandshakeMessage.Extension;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeMessageTest {

    /** The body of a PSK ClientHello as Scandium 4.0.0-M6 sends it, captured on the link. */
    static final String PSK_CLIENT_HELLO = "fefd 6b027012fb9132600746b42ba1bf1377fe166d48b843ba3950806b915499da58"
            + " 00 00 0004 c0a8 00ff 0100 0009 0017 0000 0036 0001 00";

    @Test
    void a_client_hello_shows_its_session_id_cookie_suites_and_extensions() {
        HandshakeMessage hello = only(Wire.message(HandshakeMessage.CLIENT_HELLO, Wire.hex(PSK_CLIENT_HELLO)));

        assertEquals("ClientHello", hello.name());
        assertEquals(12 + 55, hello.wireLength());
        assertTrue(hello.complete());
        assertEquals(Optional.of(0), hello.sessionIdLength());
        assertEquals(Optional.of(0), hello.cookieLength());
        assertEquals(Optional.of(2), hello.cipherSuiteCount());
        assertEquals(List.of(new Extension(23, 4), new Extension(54, 5)), hello.extensions());
        assertEquals("extended_master_secret", HandshakeMessage.extensionName(23));
        assertEquals("connection_id", HandshakeMessage.extensionName(54));
    }

    @Test
    void a_server_hello_shows_its_session_id_and_extensions() {
        byte[] body = Wire.concat(Wire.hex("fefd"), new byte[32], new byte[] {32}, new byte[32],
                Wire.hex("c0a8 00 0014 0017 0000 ff01 0001 00 0036 0007 06 010203040506"));

        HandshakeMessage hello = only(Wire.message(HandshakeMessage.SERVER_HELLO, body));

        assertEquals(104, hello.wireLength());
        assertEquals(Optional.of(32), hello.sessionIdLength());
        assertEquals(List.of(new Extension(23, 4), new Extension(65281, 5), new Extension(54, 11)),
                hello.extensions());
        assertEquals(Optional.empty(), hello.cookieLength());
    }

    @Test
    void signatures_are_found_in_a_signed_server_key_exchange_and_a_certificate_verify() {
        byte[] ecdhe = Wire.concat(Wire.hex("03 0017 41"), new byte[65]);
        HandshakeMessage signed = only(Wire.message(HandshakeMessage.SERVER_KEY_EXCHANGE,
                Wire.concat(ecdhe, Wire.hex("0403 0046"), new byte[70])));
        HandshakeMessage psk = only(Wire.message(HandshakeMessage.SERVER_KEY_EXCHANGE,
                Wire.concat(Wire.hex("0000"), ecdhe)));
        HandshakeMessage verify = only(Wire.message(HandshakeMessage.CERTIFICATE_VERIFY,
                Wire.concat(Wire.hex("0403 0048"), new byte[72])));

        assertEquals(Optional.of(70), signed.signatureLength());
        assertEquals(Optional.empty(), psk.signatureLength());
        assertEquals(Optional.of(72), verify.signatureLength());
    }

    @Test
    void a_certificate_message_lists_its_certificates() {
        byte[] body = Wire.concat(Wire.hex("00000b 000003"), new byte[3], Wire.hex("000002"), new byte[2]);

        HandshakeMessage certificate = only(Wire.message(HandshakeMessage.CERTIFICATE, body));

        assertEquals(List.of(3, 2), certificate.certificates().stream().map(c -> c.length).toList());
    }

    @Test
    void a_fragment_is_not_complete_and_reveals_nothing() {
        byte[] whole = Wire.message(HandshakeMessage.CLIENT_HELLO, Wire.hex(PSK_CLIENT_HELLO));
        whole[3] = 0x40; // claim a longer message than this fragment

        HandshakeMessage fragment = only(whole);

        assertFalse(fragment.complete());
        assertTrue(fragment.extensions().isEmpty());
        assertEquals(Optional.empty(), fragment.sessionIdLength());
    }

    private static HandshakeMessage only(byte[] message) {
        List<HandshakeMessage> messages = DtlsRecord.parse(Wire.record(DtlsRecord.HANDSHAKE, 0, 0, message), 0)
                .get(0).messages();
        assertEquals(1, messages.size());
        return messages.get(0);
    }
}
