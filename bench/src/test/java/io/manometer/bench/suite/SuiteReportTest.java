package io.manometer.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.bench.limits.CryptoCosts;
import io.manometer.bench.limits.UdpEchoBound;
import io.manometer.bench.suite.SuiteResults.HandshakeRow;
import io.manometer.bench.suite.SuiteResults.HeapRow;
import io.manometer.bench.suite.SuiteResults.LibcoapRow;
import io.manometer.bench.suite.SuiteResults.ReadingsRow;
import io.manometer.credentials.dtls.CredentialMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The report from hand-made results: no sockets, exact text. */
class SuiteReportTest {

    private static final CryptoCosts CRYPTO = new CryptoCosts(100, 200, 150, 250, 2);

    @Test
    void targets_compare_each_figure_with_its_bound() {
        Map<String, Target> targets = new SuiteReport(results(), Findings.none()).targetRows().stream()
                .collect(Collectors.toMap(Target::id, t -> t));

        // 5,000/s against 4,000/s; bound = 40,000 UDP requests/s ÷ 4 round trips
        assertTrue(targets.get("psk-handshakes").met());
        assertEquals(0.5, targets.get("psk-handshakes").fraction().getAsDouble(), 1e-9);
        // x509: 1,900 µs of server CPU per handshake against 950 µs of crypto: 0.5 < 0.7
        assertFalse(targets.get("x509-handshakes").met());
        assertEquals(0.5, targets.get("x509-handshakes").fraction().getAsDouble(), 1e-9);
        assertTrue(targets.get("psk-vs-libcoap").met());
        assertEquals(1.25, targets.get("psk-vs-libcoap").fraction().getAsDouble(), 1e-9);
        assertTrue(targets.get("durable-readings").met());
        assertFalse(targets.get("durable-readings-batch-10").met());
        assertEquals("skipped", targets.get("durable-readings-batch-10").measured());
        assertTrue(targets.get("heap-10000").met());
        assertFalse(targets.get("heap-100000").met());
    }

    @Test
    void the_report_ends_with_the_targets_table_and_its_hand_written_explanations() {
        Findings findings = Findings.parse("# Findings\n\n## Explanations\n\n- `heap-100000`: Scandium's session cache,"
                + " see below\n");

        String markdown = new SuiteReport(results(), findings).markdown();

        assertTrue(markdown.startsWith("# Manometer benchmark results\n"), markdown);
        assertTrue(markdown.contains("| command | `bench/run.sh --smoke` |"), markdown);
        String targets = markdown.substring(markdown.indexOf("## Targets"));
        assertTrue(targets.contains("| `heap-100000` | ≤ 1.5 KiB heap per idle session at 100,000 | 1,600 bytes"
                + " | – | – | ✗ | Scandium's session cache, see below |"), targets);
        assertTrue(targets.contains("_to explain: add `- heap-10000: …` to bench/FINDINGS.md_"), targets);
        assertTrue(markdown.endsWith("|\n"), markdown);
        assertTrue(markdown.contains("- batch 10 skipped: packs are not taken"), markdown);
        assertTrue(markdown.contains("| 3 (timeout 3) |"), "failure kinds without the zero ones\n" + markdown);
    }

    @Test
    void findings_are_read_by_id_and_the_first_line_wins() {
        Findings findings = Findings.parse("intro\n- x509-handshakes: not in the section\n## Explanations\n"
                + "- psk-handshakes: first\n* `psk-handshakes`: second\n  - rpk-handshakes : indented\n"
                + "not - a-line: here\n## Notes\n- heap-10000: not in the section either\n");

        assertEquals(Optional.of("first"), findings.explanation("psk-handshakes"));
        assertEquals(Optional.of("indented"), findings.explanation("rpk-handshakes"));
        assertEquals(Optional.empty(), findings.explanation("a-line"));
        assertEquals(Optional.empty(), findings.explanation("x509-handshakes"));
        assertEquals(Optional.empty(), findings.explanation("heap-10000"));
    }

    private static SuiteResults results() {
        SuiteResults.Machine machine = new SuiteResults.Machine(2, "Test CPU", "JDK 17", "Linux",
                "2026-01-01 00:00 UTC", "coap-server-openssl v4.3.1", "/dev/vda (ext4)", "1024 MiB");
        List<HandshakeRow> handshakes = List.of(
                new HandshakeRow(CredentialMode.PSK, 5000, 50_000, 10, 200, 4900, 0, Map.of(), OptionalDouble.empty()),
                new HandshakeRow(CredentialMode.X509, 500, 5000, 10, 1900, 490, 3, Map.of("timeout", 3L,
                        "handshake", 0L), CRYPTO.handshakesPerSecondBound(CredentialMode.X509)));
        List<ReadingsRow> readings = List.of(
                new ReadingsRow(1, 31_000, 31_000, 1, 2, 3, 310_000, 310_000, 50, 0, Map.of(), Optional.empty()),
                new ReadingsRow(10, 0, 0, 0, 0, 0, 0, 8, Double.NaN, 100, Map.of("rejected_4xx", 100L),
                        Optional.of("packs are not taken")));
        List<HeapRow> heap = List.of(new HeapRow(10_000, 10_000, 10_000_000, 25_000_000, 1500, 1500, 0),
                new HeapRow(100_000, 100_000, 10_000_000, 170_000_000, 1600, 1611, 0));
        List<LibcoapRow> libcoap = List.of(
                new LibcoapRow(LibcoapSideBySide.LIBCOAP, 4000, 0, 20_000, 1, 2, 0, Map.of()),
                new LibcoapRow(LibcoapSideBySide.MANOMETER_MEMORY, 5000, 0, 25_000, 1, 2, 0, Map.of()),
                new LibcoapRow(LibcoapSideBySide.MANOMETER_SQLITE, 4500, 0, 22_000, 1, 2, 0, Map.of()));
        return new SuiteResults(machine, "bench/run.sh --smoke", SuiteSettings.smoke(), CRYPTO,
                new UdpEchoBound.Result(2, 40_000, 400_000, 0), handshakes, readings, heap, Optional.of(libcoap),
                "", 42);
    }
}
