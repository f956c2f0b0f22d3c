package io.manometer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult.Answered;
import io.manometer.device.publish.PublishResult.FailureKind;
import io.manometer.device.publish.PublisherCounters;
import io.manometer.protocol.ContentFormat;
import io.manometer.server.endpoint.ServerCounters;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Counters from both ends: the server counts handshakes by outcome, the DTLS records its anti-replay window refused
 * (RFC 6347 §4.1.2.6) and the CoAP requests its deduplicator recognised (RFC 7252 §4.5); a device counts its
 * handshakes, retransmissions and outcomes. A scripted relay loses or replays exactly one datagram, so every
 * count is exact rather than likely.
 * <pre>
 *  replay, filter on:   device ─▶ relay ─(copy)─▶ DTLS window: seen ─▶ dropped         (replayed records dropped)
 *  replay, filter off:  device ─▶ relay ─(copy)─▶ DTLS ─▶ CoAP deduplicator: same MID ─▶ cached 2.01 resent
 * </pre>
 */
class ServerCountersIT {

    @Nested
    class WithTheAntiReplayFilter {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1", "dev-2");

        private ScriptedRelay relay;

        @AfterEach
        void stopRelay() throws Exception {
            if (relay != null) {
                relay.close();
            }
        }

        @Test
        void psk_and_x509_handshakes_count_as_succeeded_and_a_refused_device_as_failed() throws Exception {
            Device psk = server.device("dev-1", CredentialMode.PSK);
            Device x509 = server.device("dev-2", CredentialMode.X509);
            Device refused = server.device(new RejectedCredentials(server.layout()).certificateFromForeignCa("dev-1"),
                    CredentialMode.X509);

            assertEquals("2.01", psk.post(psk.reading(1, 101.3)).code());
            assertEquals("2.01", x509.post(x509.reading(1, 99.8)).code());
            refused.publishExpectingFailure(refused.reading(1, 100.0));

            ServerCounters.Snapshot counters = server.countersWhen(s -> s.handshakesSucceeded() == 2
                    && s.handshakesFailed() == 1 && s.requestsReceived() == 2 && s.responses2xx() == 2,
                    "2 handshakes ok, 1 failed, 2 requests answered");
            assertEquals(3, counters.handshakesStarted());
            assertEquals(2, counters.readingsCreated());
            assertEquals(0, counters.duplicateRequests());
            assertEquals(0, counters.replayedRecordsDropped());
            PublisherCounters refusedCounters = refused.counters();
            assertEquals(1, refusedCounters.handshakesFailed());
            assertEquals(0, refusedCounters.handshakesSucceeded());
            assertEquals(1, refusedCounters.failures().get(FailureKind.HANDSHAKE_REJECTED));
        }

        @Test
        void a_device_on_a_clean_link_counts_one_handshake_and_no_retransmissions() {
            Device device = server.device("dev-1", CredentialMode.PSK);

            assertEquals("2.01", device.post(device.reading(1, 101.3)).code());
            assertEquals("2.01", device.post(device.reading(2, 101.4)).code());

            PublisherCounters counters = device.counters();
            assertEquals(2, counters.requests());
            assertEquals(2, counters.acknowledged());
            assertEquals(0, counters.coapRetransmissions());
            assertEquals(0, counters.failed());
            assertEquals(1, counters.handshakesStarted());
            assertEquals(1, counters.handshakesSucceeded());
            assertEquals(0, counters.dtlsFlightRetransmissions());
            assertEquals(1, counters.recentHandshakes().size());
            PublisherCounters.Handshake handshake = counters.recentHandshakes().get(0);
            assertTrue(handshake.succeeded());
            assertTrue(handshake.millis() > 0, "handshake took " + handshake.millis() + " ms");
            assertEquals(0, handshake.flightRetransmissions());
        }

        @Test
        void a_request_whose_first_datagram_is_lost_is_retransmitted_and_still_acknowledged() throws Exception {
            relay = ScriptedRelay.start(server.address());
            Device device = server.device("dev-1", CredentialMode.PSK, relay.uri());
            assertEquals("2.01", device.post(device.reading(1, 101.3)).code());
            relay.dropNextFromDevice();

            Answered answer = device.post(device.reading(2, 101.4));

            assertEquals("2.01", answer.code());
            assertTrue(answer.retransmissions() >= 1, "retransmissions: " + answer.retransmissions());
            PublisherCounters counters = device.counters();
            assertEquals(answer.retransmissions(), counters.coapRetransmissions());
            assertEquals(2, counters.acknowledged());
            assertEquals(1, counters.handshakesSucceeded());
            ServerCounters.Snapshot atServer = server.countersWhen(s -> s.requestsReceived() == 2, "2 requests");
            assertEquals(0, atServer.duplicateRequests(), "the lost first transmission never arrived");
            assertEquals(2, server.store().count());
        }

        @Test
        void a_replayed_dtls_record_is_dropped_by_the_anti_replay_filter_before_coap_sees_it() throws Exception {
            relay = ScriptedRelay.start(server.address());
            Device device = server.device("dev-1", CredentialMode.PSK, relay.uri());
            assertEquals("2.01", device.post(device.reading(1, 101.3), ContentFormat.TEXT_PLAIN).code());

            relay.replayLastFromDevice();

            ServerCounters.Snapshot counters = server.countersWhen(s -> s.replayedRecordsDropped() >= 1
                    && s.requestsReceived() == 1, "the request, then its replay dropped");
            assertEquals(1, counters.replayedRecordsDropped());
            assertEquals(0, counters.replayedRecordsAccepted());
            assertTrue(counters.recordsDropped() >= 1, "replays are among all dropped records");
            assertEquals(0, counters.duplicateRequests(), "CoAP never saw the replay");
            assertEquals(1, server.store().count());
        }
    }

    @Nested
    class WithoutTheAntiReplayFilter {

        @RegisterExtension
        final ServerOnLoopback server = new ServerOnLoopback("dev-1")
                .withConfiguration(config -> config.set(DtlsConfig.DTLS_USE_ANTI_REPLAY_FILTER, false));

        private ScriptedRelay relay;

        @AfterEach
        void stopRelay() throws Exception {
            if (relay != null) {
                relay.close();
            }
        }

        /** text/plain: the server assigns the seq, so only the CoAP deduplicator can tell the replay is old. */
        @Test
        void a_replayed_text_reading_reaches_coap_whose_deduplicator_keeps_it_from_being_stored_twice()
                throws Exception {
            relay = ScriptedRelay.start(server.address());
            Device device = server.device("dev-1", CredentialMode.PSK, relay.uri());
            assertEquals("2.01", device.post(device.reading(1, 101.3), ContentFormat.TEXT_PLAIN).code());

            relay.replayLastFromDevice();

            ServerCounters.Snapshot counters = server.countersWhen(s -> s.duplicateRequests() >= 1
                    && s.responsesResent() >= 1, "a duplicate request answered from the exchange");
            assertEquals(1, counters.replayedRecordsAccepted());
            assertEquals(0, counters.replayedRecordsDropped());
            assertEquals(1, counters.duplicateRequests());
            assertEquals(1, counters.requestsReceived());
            assertEquals(1, counters.readingsCreated());
            assertEquals(1, server.store().count());
        }
    }
}
