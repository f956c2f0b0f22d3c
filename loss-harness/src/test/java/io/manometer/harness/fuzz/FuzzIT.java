package io.manometer.harness.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CI fuzz run (issue #9): an in-process server on 127.0.0.1 takes 100,000 hostile datagrams and every CoAP
 * abuse case while a legitimate device keeps posting, and must come out unharmed.
 */
class FuzzIT {

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void server_survives_100k_hostile_datagrams_and_every_coap_abuse_case() throws Exception {
        FuzzResult result = new FuzzRun(FuzzOptions.inProcess(9, 100_000, Duration.ofSeconds(70)), System.err).run();
        String report = FuzzReport.markdown(result);
        System.out.println(report);

        assertTrue(result.rawDatagrams() >= 100_000, "raw datagrams sent: " + result.rawDatagrams() + "\n" + report);
        int cases = ProtocolAbuse.cases().size() + PayloadAbuse.cases("dev-1").size();
        assertEquals(cases, result.cases().size());
        assertEquals(0, result.crashes(), report);
        assertEquals(0, result.bugs(), report);
        assertEquals(List.of(), result.failures(), report);
        FuzzResult.Device device = result.device();
        assertTrue(device.sent() > 1, report);
        assertEquals(device.sent(), device.acknowledged(), report);
        assertEquals(device.acknowledged(), device.storedOnce().orElseThrow(), report);
        assertEquals(result.baseline().connections().orElseThrow(), result.after().connections().orElseThrow(),
                report);
        FuzzResult.Row flood = result.rows().stream().filter(r -> r.category().equals("ClientHello flood"))
                .findFirst().orElseThrow();
        assertTrue(flood.answers() > 0, "the flood got HelloVerifyRequests\n" + report);
        assertTrue(flood.note().contains("handshakes started 0"), "the flood created no handshake: " + flood.note());

        // what RFC 7252 asks for the inputs Californium alone would accept (StrictCoapOptions)
        Map<String, String> reactions = result.cases().stream()
                .collect(Collectors.toMap(FuzzResult.CaseResult::name, FuzzResult.CaseResult::reaction));
        Map<String, String> expected = Map.of("oscore-option-without-oscore", "4.02", "proxy-uri", "5.05",
                "proxy-scheme", "5.05", "content-format-3-bytes", "4.15", "ack-carrying-post", "dropped",
                "if-none-match-with-value", "4.02", "ts-year-999999999", "4.00", "size1-4gib", "4.13");
        expected.forEach((name, reaction) -> assertEquals(reaction, reactions.get(name), name + "\n" + report));
    }
}
