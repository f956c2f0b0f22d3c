package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.manometer.credentials.CredentialIssuer;
import io.manometer.credentials.CredentialIssuer.Authority;
import io.manometer.credentials.CredentialIssuer.Validity;
import io.manometer.harness.compare.DatagramLog.Datagram;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTraceTest {

    private static final byte[] CID = {0x11, 0x22};
    private static final byte[] CLIENT_HELLO = Wire.record(DtlsRecord.HANDSHAKE, 0, 0,
            Wire.message(HandshakeMessage.CLIENT_HELLO, Wire.hex(HandshakeMessageTest.PSK_CLIENT_HELLO)));
    private static final byte[] SERVER_HELLO_DONE = Wire.record(DtlsRecord.HANDSHAKE, 0, 1,
            Wire.message(HandshakeMessage.SERVER_HELLO_DONE, new byte[0]));
    private static final byte[] KEY_EXCHANGE = Wire.record(DtlsRecord.HANDSHAKE, 0, 1,
            Wire.message(HandshakeMessage.CLIENT_KEY_EXCHANGE, Wire.hex("0005 6465762d31")));
    private static final byte[] CCS = Wire.record(DtlsRecord.CHANGE_CIPHER_SPEC, 0, 2, new byte[] {1});
    private static final byte[] DEVICE_FINISHED = Wire.record(DtlsRecord.TLS12_CID, 1, 0, CID, new byte[41]);
    private static final byte[] SERVER_FINISHED = Wire.record(DtlsRecord.HANDSHAKE, 1, 0, new byte[40]);
    private static final byte[] REQUEST = Wire.record(DtlsRecord.TLS12_CID, 1, 1, CID, new byte[47]);
    private static final byte[] RESPONSE = Wire.record(DtlsRecord.APPLICATION_DATA, 1, 1, new byte[28]);

    /** PSK without HelloVerifyRequest, with a 2-byte server connection id; the reading and its answer follow. */
    private static final List<Datagram> PSK = List.of(Wire.up(CLIENT_HELLO), Wire.down(SERVER_HELLO_DONE),
            Wire.up(KEY_EXCHANGE, CCS, DEVICE_FINISHED), Wire.down(CCS, SERVER_FINISHED), Wire.up(REQUEST),
            Wire.down(RESPONSE));

    @Test
    void the_handshake_ends_with_the_server_finished_and_excludes_the_application_records() {
        HandshakeTrace trace = HandshakeTrace.of(PSK, 2, 0);

        assertEquals(2, trace.datagramsUp());
        assertEquals(2, trace.datagramsDown());
        assertEquals(2, trace.flightsUp());
        assertEquals(2, trace.flightsDown());
        assertEquals(80 + (32 + 14 + 56), trace.bytesUp());
        assertEquals(25 + (14 + 53), trace.bytesDown());
        assertEquals(List.of(62), trace.applicationUp());
        assertEquals(List.of(41), trace.applicationDown());
        assertEquals(List.of(80, 25, 102, 67), trace.flightBytes());
        assertEquals(trace.handshakeBytes() + 4 * HandshakeTrace.IPV4_UDP_HEADERS, trace.handshakeBytesWithHeaders());
    }

    @Test
    void parts_add_up_to_the_handshake_and_count_the_connection_id_as_header() {
        HandshakeTrace trace = HandshakeTrace.of(PSK, 2, 0);
        Map<String, Integer> parts = trace.parts();

        assertEquals(7 * 13 + 2, parts.get(HandshakeTrace.RECORD_HEADERS));
        assertEquals(67, parts.get("ClientHello"));
        assertEquals(12, parts.get("ServerHelloDone"));
        assertEquals(19, parts.get("ClientKeyExchange"));
        assertEquals(2, parts.get(HandshakeTrace.CHANGE_CIPHER_SPEC));
        assertEquals(41 + 40, parts.get(HandshakeTrace.FINISHED));
        assertEquals(trace.handshakeBytes(), parts.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, trace.signatureSlack());
    }

    @Test
    void an_application_record_sharing_a_datagram_with_the_finished_flight_is_not_counted() {
        HandshakeTrace trace = HandshakeTrace.of(List.of(Wire.up(CLIENT_HELLO), Wire.down(SERVER_HELLO_DONE),
                Wire.up(KEY_EXCHANGE, CCS, DEVICE_FINISHED, REQUEST)), 2, 0);

        assertEquals(80 + 32 + 14 + 56, trace.bytesUp());
        assertEquals(List.of(62), trace.applicationUp());
        assertEquals(2, trace.flightsUp());
    }

    @Test
    void a_certificate_signature_is_normalised_to_71_bytes() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(7);
        CredentialIssuer issuer = new CredentialIssuer(random);
        Validity validity = new Validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        Authority ca = issuer.newAuthority("Test CA", validity);
        X509Certificate certificate = ca.certificate();

        assertEquals(71 - certificate.getSignature().length,
                HandshakeTrace.certificateSignatureSlack(certificate.getEncoded()));
        assertEquals(0, HandshakeTrace.certificateSignatureSlack(new byte[91]));
    }
}
