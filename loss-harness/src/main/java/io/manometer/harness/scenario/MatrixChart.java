package io.manometer.harness.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code chart.svg}: delivery and median latency against loss, one line per series (a mode, or a mode with CID or
 * anti-replay off), with the model's delivery dashed; series are offset by a few pixels so that equal values stay
 * visible. Written by hand, because a standalone SVG needs no library
 * and opens in any browser and on GitHub.
 * <pre>
 *  ┌ delivery vs loss ──────┐  ┌ latency p50 vs loss ───┐
 *  │ ●──●──●╲  - - model    │  │            ╱●          │
 *  │         ●              │  │ ●──●──●──●╱            │
 *  └────────────────────────┘  └────────────────────────┘
 *   ● psk  ● x509 ...  (legend)
 * </pre>
 */
public final class MatrixChart {

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
        "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"};
    private static final int PANEL_WIDTH = 400;
    private static final int PANEL_HEIGHT = 260;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int GAP = 110;
    private static final int LEGEND_ROW = 20;
    private static final int LEGEND_COLUMN = 230;
    private static final int LEGEND_PER_ROW = 4;
    /** Horizontal offset between series, so that lines with identical values stay visible side by side. */
    private static final double DODGE = 2.5;

    private MatrixChart() {
    }

    /** The SVG document for these results (in matrix order). */
    public static String svg(List<ScenarioResult> results) {
        Map<String, List<ScenarioResult>> series = new LinkedHashMap<>();
        results.forEach(r -> series.computeIfAbsent(r.scenario().variant(), k -> new ArrayList<>()).add(r));
        TreeSet<Double> losses = new TreeSet<>();
        results.forEach(r -> losses.add(r.scenario().loss()));
        double maxLoss = losses.isEmpty() || losses.last() == 0 ? 1 : losses.last();
        double maxLatency = niceCeiling(results.stream().mapToDouble(r -> r.latency().p50())
                .filter(v -> !Double.isNaN(v)).max().orElse(1));
        int width = LEFT + 2 * PANEL_WIDTH + GAP + 30;
        int legendTop = TOP + PANEL_HEIGHT + 60;
        int height = legendTop + LEGEND_ROW * ((series.size() + LEGEND_PER_ROW) / LEGEND_PER_ROW) + 20;
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height, width,
                height));
        svg.append("<title>Manometer loss matrix: delivery and latency vs loss</title>\n");
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        Panel delivery = new Panel(LEFT, "Delivery vs loss", "delivery (acked / sent)", maxLoss, 1, losses);
        Panel latency = new Panel(LEFT + PANEL_WIDTH + GAP, "Latency p50 vs loss", "latency p50 (ms)", maxLoss,
                maxLatency, losses);
        delivery.axes(svg);
        latency.axes(svg);
        delivery.line(svg, model(results), "#444444", true, 0);
        int index = 0;
        for (List<ScenarioResult> points : series.values()) {
            String colour = COLOURS[index % COLOURS.length];
            double dodge = (index - (series.size() - 1) / 2.0) * DODGE;
            delivery.line(svg, points(points, ScenarioResult::delivery), colour, false, dodge);
            latency.line(svg, points(points, r -> r.latency().p50()), colour, false, dodge);
            index++;
        }
        List<String> labels = new ArrayList<>(series.keySet());
        List<String> common = commonWords(labels);
        if (!common.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#444444\">every line: %s</text>%n",
                    LEFT, legendTop - 22, escape(String.join(" ", common))));
        }
        legend(svg, labels.stream().map(label -> without(label, common)).toList(), legendTop);
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** One panel's geometry: data coordinates to SVG coordinates, axes, ticks and lines. */
    private record Panel(int left, String title, String yLabel, double maxX, double maxY, TreeSet<Double> xTicks) {

        double x(double loss) {
            return left + loss / maxX * PANEL_WIDTH;
        }

        double y(double value) {
            return TOP + PANEL_HEIGHT - value / maxY * PANEL_HEIGHT;
        }

        void axes(StringBuilder svg) {
            int bottom = TOP + PANEL_HEIGHT;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s"
                    + "</text>\n", left, TOP - 20, escape(title)));
            for (int i = 0; i <= 5; i++) {
                double value = maxY * i / 5;
                double y = y(value);
                svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                        + " stroke=\"#e0e0e0\"/>\n", left, y, left + PANEL_WIDTH, y));
                svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                        left - 6, y + 4, maxY <= 1 ? String.format(Locale.ROOT, "%.1f", value) : tick(value)));
            }
            for (double loss : xTicks) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
                        x(loss), bottom + 18, Scenario.percent(loss)));
            }
            svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d\" fill=\"none\" stroke=\"black\"/>\n",
                    left, TOP, bottom, left + PANEL_WIDTH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">loss each way"
                    + " (%%)</text>\n", left + PANEL_WIDTH / 2, bottom + 38));
            svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d %d) rotate(-90)\""
                    + " text-anchor=\"middle\">%s</text>\n", left - 48, TOP + PANEL_HEIGHT / 2, escape(yLabel)));
        }

        void line(StringBuilder svg, TreeMap<Double, Double> points, String colour, boolean dashed, double dodge) {
            if (points.isEmpty()) {
                return;
            }
            StringBuilder coordinates = new StringBuilder();
            points.forEach((x, y) -> coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(x) + dodge,
                    y(y))));
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>\n", coordinates.toString().strip(), colour,
                    dashed ? " stroke-dasharray=\"6 4\"" : ""));
            if (!dashed) {
                points.forEach((x, y) -> svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\""
                        + " r=\"3.5\" fill=\"%s\"/>\n", x(x) + dodge, y(y), colour)));
            }
        }
    }

    private static TreeMap<Double, Double> points(List<ScenarioResult> results, ToDoubleFunction<ScenarioResult> y) {
        TreeMap<Double, Double> points = new TreeMap<>();
        for (ScenarioResult result : results) {
            double value = y.applyAsDouble(result);
            if (!Double.isNaN(value)) {
                points.put(result.scenario().loss(), value);
            }
        }
        return points;
    }

    /** The model's delivery at each loss, from the first scenario with that loss. */
    private static TreeMap<Double, Double> model(List<ScenarioResult> results) {
        TreeMap<Double, Double> points = new TreeMap<>();
        results.forEach(r -> points.putIfAbsent(r.scenario().loss(), r.expectedDelivery()));
        return points;
    }

    private static void legend(StringBuilder svg, List<String> labels, int top) {
        List<String> entries = new ArrayList<>(labels);
        entries.add(0, "model (expected delivery)");
        for (int i = 0; i < entries.size(); i++) {
            int x = LEFT + (i % LEGEND_PER_ROW) * LEGEND_COLUMN;
            int y = top + (i / LEGEND_PER_ROW) * LEGEND_ROW;
            String colour = i == 0 ? "#444444" : COLOURS[(i - 1) % COLOURS.length];
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>\n", x, y, x + 24, y, colour,
                    i == 0 ? " stroke-dasharray=\"6 4\"" : ""));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", x + 30, y + 4,
                    escape(entries.get(i))));
        }
    }

    /** The words every label shares (e.g. {@code dup=5%} when all rows have it), said once instead of per line. */
    static List<String> commonWords(List<String> labels) {
        if (labels.size() < 2) {
            return List.of();
        }
        List<String> common = new ArrayList<>(List.of(labels.get(0).split(" ")));
        labels.forEach(label -> common.retainAll(List.of(label.split(" "))));
        return common;
    }

    private static String without(String label, List<String> words) {
        String rest = Arrays.stream(label.split(" ")).filter(w -> !words.contains(w))
                .collect(Collectors.joining(" "));
        return rest.isEmpty() ? label : rest;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String tick(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
