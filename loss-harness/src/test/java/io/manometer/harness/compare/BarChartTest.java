package io.manometer.harness.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class BarChartTest {

    @Test
    void the_chart_is_well_formed_svg_with_one_bar_per_present_value() throws Exception {
        BarChart chart = new BarChart("Bytes <per> handshake & more", "bytes", List.of("psk", "x509"), List.of(
                new BarChart.Series("default", "#c0504d", List.of(OptionalDouble.of(567), OptionalDouble.of(2147))),
                new BarChart.Series("DTLS 1.3", "#8064a2", List.of(OptionalDouble.of(331), OptionalDouble.empty()))));

        Document svg = parse(chart.svg());

        Element root = svg.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
        assertEquals("Bytes <per> handshake & more", svg.getElementsByTagName("title").item(0).getTextContent());
        int bars = 0;
        for (int i = 0; i < svg.getElementsByTagName("rect").getLength(); i++) {
            if (((Element) svg.getElementsByTagName("rect").item(i)).getElementsByTagName("title").getLength() > 0) {
                bars++;
            }
        }
        assertEquals(3, bars);
        assertTrue(chart.svg().contains(">2147<"));
    }

    @Test
    void the_axis_ends_at_a_round_number_above_the_largest_value() {
        assertEquals(2500, BarChart.niceCeiling(2147), 1e-9);
        assertEquals(1000, BarChart.niceCeiling(567), 1e-9);
        assertEquals(50, BarChart.niceCeiling(40.8), 1e-9);
        assertEquals(1, BarChart.niceCeiling(0), 1e-9);
    }

    @Test
    void a_series_needs_one_value_per_category() {
        assertThrows(IllegalArgumentException.class, () -> new BarChart("t", "u", List.of("a", "b"),
                List.of(new BarChart.Series("s", "red", List.of(OptionalDouble.of(1))))));
    }

    @Test
    void every_chart_of_a_report_is_well_formed() throws Exception {
        for (BarChart chart : CompareCharts.of(SampleResults.twoModes()).values()) {
            assertEquals("svg", parse(chart.svg()).getDocumentElement().getTagName());
        }
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }
}
