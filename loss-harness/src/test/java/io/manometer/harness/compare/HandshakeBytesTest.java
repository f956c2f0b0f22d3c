package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.compare.CompareResult.Minimum;
import io.manometer.harness.link.Impairment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real DTLS handshakes on 127.0.0.1 through a pass-through link, one fresh device per mode, with the exact number of
 * bytes each must take: a Californium upgrade or a configuration change that grows a handshake fails here.
 * <p>
 * Exact means: PSK and ECDHE-PSK byte for byte (nothing in them varies). The certificate modes carry ECDSA
 * signatures whose DER length is 70, 71 or 72 bytes at random (two in the handshake for rpk, plus the CA's inside
 * the two certificates for x509), so those are asserted on {@link HandshakeTrace#normalisedBytes()}, which counts
 * each at 71, and the actual size must lie within one byte per signature of it. Certificates come from
 * {@link BenchCredentials} with seed 42: fixed ids, keys, serial numbers and validity encoding.
 */
class HandshakeBytesTest {

    private static final List<CredentialMode> MODES = List.of(CredentialMode.values());
    private static BenchCredentials credentials;

    @BeforeAll
    static void issue() throws Exception {
        credentials = BenchCredentials.issue(42);
    }

    @AfterAll
    static void delete() {
        credentials.close();
    }

    @Test
    void default_handshakes_take_their_exact_bytes() throws Exception {
        Map<CredentialMode, HandshakeTrace> traces = handshakes(Profile.DEFAULT, Profile.DEFAULT);

        assertSize(traces, CredentialMode.PSK, 298, 269);
        assertSize(traces, CredentialMode.ECDHE_PSK, 408, 371);
        assertNormalised(traces, CredentialMode.RPK, 1265, 2);
        assertNormalised(traces, CredentialMode.X509, 2147, 4);
        for (HandshakeTrace trace : traces.values()) {
            assertEquals(3, trace.flightsUp()); // ClientHello, ClientHello with cookie, the Finished flight
            assertEquals(3, trace.flightsDown());
            assertEquals(6, trace.datagrams());
        }
    }

    @Test
    void lean_handshakes_take_their_exact_bytes_within_15_percent_of_the_rfc_minimum() throws Exception {
        Map<CredentialMode, HandshakeTrace> traces = handshakes(Profile.LEAN, Profile.LEAN);

        assertSize(traces, CredentialMode.PSK, 290, 215);
        assertSize(traces, CredentialMode.ECDHE_PSK, 384, 304);
        assertNormalised(traces, CredentialMode.RPK, 1123, 2);
        assertNormalised(traces, CredentialMode.X509, 2001, 4);
        Map<CredentialMode, Minimum> minima = CompareRun.minima(credentials, MODES);
        for (CredentialMode mode : MODES) {
            double excess = minima.get(mode).excessPercent(traces.get(mode));
            assertTrue(excess <= LeanSection.TARGET_PERCENT, mode + " lean is " + excess + " % above the minimum");
            assertEquals(6, traces.get(mode).datagrams(), mode + ": several messages per record, one datagram each");
        }
    }

    @Test
    void a_lean_device_completes_its_handshakes_with_the_default_server() throws Exception {
        Map<CredentialMode, HandshakeTrace> traces = handshakes(Profile.DEFAULT, Profile.LEAN);

        assertSize(traces, CredentialMode.PSK, 294, 264);
        assertSize(traces, CredentialMode.ECDHE_PSK, 388, 366);
        assertNormalised(traces, CredentialMode.RPK, 1218, 2);
        assertNormalised(traces, CredentialMode.X509, 2096, 4);
    }

    /** One fresh device per mode; {@link HandshakeProbe#sample} throws unless the reading was stored. */
    private static Map<CredentialMode, HandshakeTrace> handshakes(Profile server, Profile device) throws Exception {
        Map<CredentialMode, HandshakeTrace> traces = new EnumMap<>(CredentialMode.class);
        try (BenchServer bench = BenchServer.start(credentials, server);
                BenchLink link = BenchLink.start(bench, Impairment.NONE, 42)) {
            for (CredentialMode mode : MODES) {
                traces.put(mode, HandshakeProbe.sample(bench, link, credentials, mode, device, false).trace());
            }
        }
        return traces;
    }

    private static void assertSize(Map<CredentialMode, HandshakeTrace> traces, CredentialMode mode, int up,
            int down) {
        HandshakeTrace trace = traces.get(mode);
        assertEquals(up, trace.bytesUp(), () -> mode + " device bytes: " + trace.parts());
        assertEquals(down, trace.bytesDown(), () -> mode + " server bytes: " + trace.parts());
        assertEquals(trace.handshakeBytes(), trace.normalisedBytes(), mode + " has no signatures");
    }

    private static void assertNormalised(Map<CredentialMode, HandshakeTrace> traces, CredentialMode mode,
            int normalised, int signatures) {
        HandshakeTrace trace = traces.get(mode);
        assertEquals(normalised, trace.normalisedBytes(), () -> mode + ": " + trace.parts());
        assertTrue(Math.abs(trace.handshakeBytes() - normalised) <= signatures,
                () -> mode + " actual " + trace.handshakeBytes() + " vs normalised " + normalised);
    }
}
