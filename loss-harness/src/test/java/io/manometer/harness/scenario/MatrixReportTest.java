package io.manometer.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.manometer.credentials.dtls.CredentialMode;
import io.manometer.device.publish.PublishResult;
import io.manometer.harness.link.DirectionCounters;
import io.manometer.harness.link.LinkCounters;
import io.manometer.protocol.ContentFormat;
import io.manometer.server.endpoint.ServerCounters;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class MatrixReportTest {

    private static final String HEADER = "mode,loss,acked,stored,duplicates_stored,acked_not_stored,handshake_success,"
            + "handshake_ms_p50,coap_retransmissions,dtls_retransmissions,replays_dropped,coap_duplicates,"
            + "latency_ms_p50,latency_ms_p95,expected_delivery,delivery,delivery_low,delivery_high,model,sent,"
            + "over_session,no_session,timeouts,other_failures,stored_not_acked,handshakes,replays_passed,loss_up,"
            + "loss_down,burst,dup,reorder,replay,rebind,cid,anti_replay,format,devices,readings,seed,timers,"
            + "max_retransmit,link_dropped_up,link_dropped_down,link_duplicated,replays_injected,rebinds,"
            + "lost_to_rebinding,scripted_drops,link_bytes_up,link_bytes_down,seconds";

    @Test
    void the_csv_starts_with_the_issues_columns_in_their_order() {
        assertEquals(HEADER, ResultsCsv.header());
    }

    @Test
    void a_row_holds_every_value_of_its_result() {
        assertEquals("x509,30,116,119,0,0,1.0000,240.8,125,4,7,47,220.8,2011.4,0.9655,0.9667,0.9174,0.9870,ok,"
                + "120,120,0,4,0,3,3,0,30,30,,10,0,20,0,on,on,text,3,40,42,short,4,83,51,9,21,0,0,0,22881,5563,35.6",
                ResultsCsv.row(x509At30Percent()));
    }

    @Test
    void values_that_do_not_exist_are_empty_and_a_miss_says_so() {
        String row = ResultsCsv.row(withoutAnySession());
        List<String> cells = List.of(row.split(",", -1));
        List<String> names = List.of(HEADER.split(","));

        assertEquals(names.size(), cells.size());
        assertEquals("", cells.get(names.indexOf("delivery")));
        assertEquals("", cells.get(names.indexOf("latency_ms_p50")));
        assertEquals("", cells.get(names.indexOf("model")));
        assertEquals("MISS", ResultsCsv.verdict(missed()));
    }

    @Test
    void the_chart_is_a_well_formed_standalone_svg_with_one_line_per_series_and_the_model() throws Exception {
        String svg = MatrixChart.svg(List.of(x509At30Percent(), missed(), withoutAnySession()));

        Document document = parse(svg);
        Element root = document.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        // x509 and psk: a delivery and a latency line each, plus the dashed model
        assertEquals(5, document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength());
        assertTrue(svg.contains("Delivery vs loss") && svg.contains("Latency p50 vs loss"), svg);
        assertTrue(svg.contains("loss each way (%)"), svg);
    }

    @Test
    void the_report_compares_each_row_with_the_model_and_embeds_the_chart(@TempDir Path dir) throws Exception {
        MatrixReport report = new MatrixReport(List.of(x509At30Percent(), missed()), "manometer harness matrix",
                Duration.ofSeconds(75));

        List<Path> files = report.write(dir);

        assertEquals(List.of(dir.resolve("results.csv"), dir.resolve("report.md"), dir.resolve("chart.svg")), files);
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("expected = 1 - (1 - (1 - p_up) * (1 - p_down)) ^ (MAX_RETRANSMIT + 1)"), md);
        assertTrue(md.contains("| x509 | 30 | `dup=10% replay=20% text` | 120 | 116 | 0.967 [0.917, 0.987] | 0.965"
                + " | ✓ |"), md);
        assertTrue(md.contains("| psk | 50 |  | 100 | 50 | 0.500 [0.404, 0.596] | 0.763 | ✗ MISS |"), md);
        assertTrue(md.contains("![chart](chart.svg)"), md);
        assertTrue(md.contains("1 of 2 rows agree"), md);
        assertTrue(md.contains("## NAT rebinding") && md.contains("## Anti-replay, both layers"), md);
        assertTrue(md.contains("2 scenarios in 1m 15s."), md);
        assertEquals(3, Files.readAllLines(dir.resolve("results.csv")).size());
    }

    @Test
    void readings_lost_for_other_reasons_than_a_coap_timeout_are_listed_with_their_reason() {
        String md = new MatrixReport(List.of(withoutAnySession()), "m", Duration.ofSeconds(1)).markdown();

        assertTrue(md.contains("- **psk loss=100%:** 5 x handshake failed: no DTLS answer from the server"), md);
        assertTrue(md.contains("5 reading(s) were lost because no DTLS session could be made"), md);
    }

    @Test
    void failure_reasons_do_not_depend_on_the_servers_port() {
        String reason = DeviceRun.reason(new PublishResult.Failed("handshake failed: no DTLS answer from"
                + " coaps://127.0.0.1:50943 (server down)", PublishResult.FailureKind.UNREACHABLE, 0));

        assertEquals("handshake failed: no DTLS answer from the server (server down)", reason);
        assertEquals("answered 4.00: bad kPa", DeviceRun.reason(new PublishResult.Answered("4.00", false, "bad kPa",
                new byte[0], 0, 1)));
    }

    static ScenarioResult x509At30Percent() {
        Scenario scenario = Scenario.builder(CredentialMode.X509).loss(30).duplicate(10).replay(20)
                .format(ContentFormat.TEXT_PLAIN).devices(3).readings(40).build();
        return new ScenarioResult(scenario, new ScenarioResult.Readings(120, 0, 116, 4, 0, 119, 0, 0, 3,
                Map.of()),
                new ScenarioResult.Handshakes(3, 3, 4, 240.83), 125, new ScenarioResult.Latency(220.78, 2011.43),
                server(7, 47), link(83, 51, 9, 21), Duration.ofMillis(35_612));
    }

    static ScenarioResult missed() {
        Scenario scenario = Scenario.builder(CredentialMode.PSK).loss(50).devices(2).readings(50).build();
        return new ScenarioResult(scenario, new ScenarioResult.Readings(100, 0, 50, 50, 0, 60, 0, 0, 10,
                Map.of()),
                new ScenarioResult.Handshakes(2, 2, 9, 900), 300, new ScenarioResult.Latency(400, 6000),
                server(0, 30), link(200, 150, 0, 0), Duration.ofSeconds(60));
    }

    static ScenarioResult withoutAnySession() {
        Scenario scenario = Scenario.builder(CredentialMode.PSK).loss(100).devices(1).readings(5).build();
        return new ScenarioResult(scenario, new ScenarioResult.Readings(5, 5, 0, 0, 0, 0, 0, 0, 0,
                Map.of("handshake failed: no DTLS answer from the server", 5L)),
                new ScenarioResult.Handshakes(5, 0, 50, Double.NaN), 0, new ScenarioResult.Latency(Double.NaN,
                Double.NaN), server(0, 0), link(60, 0, 0, 0), Duration.ofSeconds(90));
    }

    private static ServerCounters.Snapshot server(long replaysDropped, long duplicates) {
        return new ServerCounters.Snapshot(3, 3, 0, 175, replaysDropped, replaysDropped, 0, 0, 119, duplicates, 119,
                0, 0, duplicates, 119, 0);
    }

    private static LinkCounters link(long droppedUp, long droppedDown, long duplicated, long replayed) {
        DirectionCounters up = new DirectionCounters(258, 175, droppedUp, 0, 0, 0, duplicated, 0, 0, replayed, 0,
                22_881);
        DirectionCounters down = new DirectionCounters(176, 125, droppedDown, 0, 0, 0, 0, 0, 0, 0, 0, 5_563);
        return new LinkCounters(up, down, 3, 0, 0, 0);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
