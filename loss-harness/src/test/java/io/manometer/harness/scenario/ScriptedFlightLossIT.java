package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.harness.link.Direction;
import io.manometer.harness.link.DropReason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loses the first datagram of one handshake flight at a time and checks that RFC 6347's flight retransmission
 * (§4.2.4) repairs it. Between Californium peers on loopback every flight is exactly one datagram, in every mode
 * (the first test pins that down), so a flight is lost by dropping one datagram by number:
 * <pre>
 *  device                                              server
 *   up #1   flight 1  ClientHello                       ──▶
 *           flight 2  HelloVerifyRequest (cookie)       ◀──  down #1
 *   up #2   flight 3  ClientHello + cookie              ──▶
 *           flight 4  ServerHello [Certificate, ServerKeyExchange, CertificateRequest] ServerHelloDone
 *                                                       ◀──  down #2
 *   up #3   flight 5  [Certificate] ClientKeyExchange [CertificateVerify] ChangeCipherSpec Finished ──▶
 *           flight 6  ChangeCipherSpec Finished         ◀──  down #3
 *   up #4   CoAP POST (CID record)                      ──▶
 *           2.01 Created (piggybacked)                  ◀──  down #4
 * </pre>
 * A lost server flight is repaired the same way: the device's timer fires and it sends its last flight again.
 */
class ScriptedFlightLossIT extends ScenarioTestSupport {

    @ParameterizedTest
    @EnumSource(CredentialMode.class)
    void every_flight_is_one_datagram_so_a_reading_takes_four_each_way(CredentialMode mode) throws Exception {
        ScenarioResult result = run(Scenario.builder(mode).build());

        assertEquals(4, result.link().up().received(), () -> row(result));
        assertEquals(4, result.link().down().received(), () -> row(result));
        assertEquals(1, result.readings().acked(), () -> row(result));
    }

    static Stream<Arguments> flights() {
        List<Arguments> flights = List.of(
                Arguments.of(Direction.UP, 1, "flight 1, ClientHello"),
                Arguments.of(Direction.DOWN, 1, "flight 2, HelloVerifyRequest"),
                Arguments.of(Direction.UP, 2, "flight 3, ClientHello with cookie"),
                Arguments.of(Direction.DOWN, 2, "flight 4, ServerHello ... ServerHelloDone"),
                Arguments.of(Direction.UP, 3, "flight 5, ClientKeyExchange ... Finished"),
                Arguments.of(Direction.DOWN, 3, "flight 6, ChangeCipherSpec Finished"));
        return Stream.of(CredentialMode.PSK, CredentialMode.X509).flatMap(mode -> flights.stream()
                .map(flight -> Arguments.of(mode, flight.get()[0], flight.get()[1], flight.get()[2])));
    }

    @ParameterizedTest(name = "{0}: {3} lost ({1} #{2})")
    @MethodSource("flights")
    void the_handshake_completes_when_a_flight_is_lost(CredentialMode mode, Direction direction, int datagram,
            String flight) throws Exception {
        Scenario.Builder scenario = Scenario.builder(mode);
        if (direction == Direction.UP) {
            scenario.dropUp(datagram);
        } else {
            scenario.dropDown(datagram);
        }

        ScenarioResult result = run(scenario.build());

        assertEquals(1, result.link().direction(direction).dropped(DropReason.SCRIPT), () -> row(result));
        assertEquals(1, result.handshakes().started(), () -> row(result));
        assertEquals(1, result.handshakes().succeeded(), () -> row(result));
        assertTrue(result.handshakes().flightRetransmissions() >= 1, () -> row(result));
        assertEquals(0, result.coapRetransmissions(), () -> "the POST goes out after the handshake; " + row(result));
        assertEquals(1, result.readings().acked(), () -> row(result));
        assertEquals(1, result.readings().stored(), () -> row(result));
    }
}
