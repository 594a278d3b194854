package engram.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Renders an {@link EvalReport} as one self-contained HTML page that a browser shows offline.
 *
 * <p>Charts are drawn by Chart.js (MIT), taken from the {@code org.webjars.npm:chart.js} jar on the class
 * path and inlined in a {@code <script>} element together with the chart data as JSON. Why Chart.js: it
 * is a well-kept library, its single UMD file (about 200 kB) needs no other file, it resolves from the
 * Maven repository here, and rendering in the browser keeps the Java side free of AWT (JFreeChart would
 * need a headless AWT in Lambda). Tables are rendered here in Java; every string that comes from data
 * is HTML-escaped, and the chart JSON escapes {@code <}, {@code >} and {@code &}, so a prompt containing
 * {@code </script>} stays text. A Content-Security-Policy forbids any network access from the page.
 */
final class ReportHtml {

    private static final String WEBJAR_PROPERTIES = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
        "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    private final int maxItemRows;

    ReportHtml(int maxItemRows) {
        this.maxItemRows = maxItemRows;
    }

    String render(EvalReport report) {
        StringBuilder page = new StringBuilder(300_000);
        page.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
                script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                """);
        page.append("<title>").append(escape(report.title())).append("</title>\n");
        page.append("<style>\n").append(Resources.STYLE).append("</style>\n</head>\n<body>\n");
        page.append("<h1>").append(escape(report.title())).append("</h1>\n");
        Manifest manifest = report.manifest();
        page.append("<p class=\"sub\">").append(escape(report.kind())).append(" · ")
                .append(escape(manifest.operation())).append(" · run ").append(escape(manifest.runId())).append("</p>\n");
        notes(page, report.notes());
        metrics(page, report);
        ChartData charts = ChartData.of(report);
        canvases(page, charts);
        items(page, report.items());
        manifest(page, manifest);
        page.append("<script type=\"application/json\" id=\"chart-data\">").append(scriptSafeJson(charts))
                .append("</script>\n");
        page.append("<script>\n").append(Resources.CHART_JS).append("\n</script>\n");
        page.append("<script>\n").append(Resources.DRAW).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void canvases(StringBuilder page, ChartData charts) {
        if (charts.bars().isEmpty() && charts.lines().isEmpty()) {
            return;
        }
        page.append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        for (int i = 0; i < charts.bars().size(); i++) {
            String wide = charts.bars().get(i).wide() ? " wide" : "";
            page.append("<div class=\"chart").append(wide).append("\"><canvas id=\"bar-").append(i)
                    .append("\"></canvas></div>\n");
        }
        for (int i = 0; i < charts.lines().size(); i++) {
            page.append("<div class=\"chart wide\"><canvas id=\"line-").append(i).append("\"></canvas></div>\n");
        }
        page.append("</div>\n");
    }

    private static void notes(StringBuilder page, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        page.append("<div class=\"notes\"><h2>Notes</h2>\n<ul>\n");
        notes.forEach(note -> page.append("<li>").append(escape(note)).append("</li>\n"));
        page.append("</ul></div>\n");
    }

    private static void metrics(StringBuilder page, EvalReport report) {
        if (report.metrics().isEmpty()) {
            return;
        }
        List<String> names = report.metricNames();
        page.append("<h2>Metrics</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>method</th>");
        names.forEach(name -> page.append("<th class=\"num\">").append(escape(name)).append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (EvalReport.Row row : report.metrics()) {
            page.append("<tr><th>").append(escape(row.method())).append("</th>");
            names.forEach(name -> number(page, row.values().getOrDefault(name, Double.NaN)));
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table></div>\n");
    }

    private void items(StringBuilder page, List<EvalReport.Item> items) {
        if (items.isEmpty()) {
            return;
        }
        Set<String> numbers = new LinkedHashSet<>();
        Set<String> texts = new LinkedHashSet<>();
        items.forEach(item -> {
            numbers.addAll(item.values().keySet());
            texts.addAll(item.texts().keySet());
        });
        page.append("<h2>Items</h2>\n<div class=\"scroll\"><table class=\"items\">\n<thead><tr><th>method</th><th>item</th>");
        numbers.forEach(name -> page.append("<th class=\"num\">").append(escape(name)).append("</th>"));
        texts.forEach(name -> page.append("<th>").append(escape(name)).append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (EvalReport.Item item : items.subList(0, Math.min(maxItemRows, items.size()))) {
            page.append("<tr><td>").append(escape(item.method())).append("</td><td class=\"id\">")
                    .append(escape(item.itemId())).append("</td>");
            numbers.forEach(name -> number(page, item.values().getOrDefault(name, Double.NaN)));
            texts.forEach(name -> page.append("<td class=\"text\">").append(escape(item.texts().get(name)))
                    .append("</td>"));
            page.append("</tr>\n");
        }
        page.append("</tbody>\n</table></div>\n");
        if (items.size() > maxItemRows) {
            page.append("<p class=\"more\">… and ").append(items.size() - maxItemRows)
                    .append(" more rows (").append(items.size()).append(" in all, every one in report.json)</p>\n");
        }
    }

    private static void manifest(StringBuilder page, Manifest manifest) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("operation", manifest.operation());
        rows.put("run id", manifest.runId());
        rows.put("model sha256", manifest.modelHash());
        rows.put("adapter sha256", manifest.adapterHash() == null ? "none" : manifest.adapterHash());
        manifest.parameters().forEach((k, v) -> rows.put("parameter " + k, v));
        manifest.seeds().forEach((k, v) -> rows.put("seed " + k, String.valueOf(v)));
        Versions versions = manifest.versions();
        if (versions != null) {
            rows.put("engram version", versions.engram());
            rows.put("DJL version", versions.djl());
            rows.put("PyTorch version", versions.pytorch());
            rows.put("Java version", versions.java());
        }
        page.append("<h2>Manifest</h2>\n<table class=\"manifest\">\n<tbody>\n");
        rows.forEach((k, v) -> page.append("<tr><th>").append(escape(k)).append("</th><td class=\"mono\">")
                .append(escape(v)).append("</td></tr>\n"));
        page.append("</tbody>\n</table>\n");
    }

    private static void number(StringBuilder page, double value) {
        String text = format(value);
        page.append(Double.isNaN(value) ? "<td class=\"num na\">" : "<td class=\"num\">").append(text).append("</td>");
    }

    /** Four significant digits, plain notation for ordinary magnitudes; NaN is {@code n/a}. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "−∞";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        return magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e9) ? rounded.toPlainString() : rounded.toString();
    }

    /** Escapes the five HTML special characters; {@code null} becomes empty. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** JSON that cannot end its script element: {@code <}, {@code >} and {@code &} only occur inside strings. */
    private static String scriptSafeJson(ChartData charts) {
        try {
            return ReportWriter.JSON.writeValueAsString(charts).replace("<", "\\u003c").replace(">", "\\u003e")
                    .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise chart data", e);
        }
    }

    /**
     * What the page script draws. Bars: metrics whose values all lie in [0, 1] (rates such as efficacy)
     * share one grouped chart; any other metric (a perplexity, a log-probability) gets its own, because a
     * shared axis would flatten the rates to nothing. Each method keeps one colour across all charts.
     */
    record ChartData(List<Bar> bars, List<Line> lines) {

        record Dataset(String label, String color, List<Double> data) {}

        record Bar(String title, boolean wide, List<String> labels, List<Dataset> datasets) {}

        record Point(double x, double y) {}

        record LineSet(String label, String color, List<Point> points) {}

        record Line(String title, String xLabel, String yLabel, List<LineSet> datasets) {}

        static ChartData of(EvalReport report) {
            Map<String, String> colors = new LinkedHashMap<>();
            report.metrics().forEach(row -> color(colors, row.method()));
            List<String> rates = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (String name : report.metricNames()) {
                if (report.metrics().stream().allMatch(r -> Double.isNaN(r.values().getOrDefault(name, Double.NaN)))) {
                    continue; // nothing to draw; the table shows it as n/a
                }
                boolean rate = report.metrics().stream().map(r -> r.values().getOrDefault(name, Double.NaN))
                        .allMatch(v -> Double.isNaN(v) || (v >= 0 && v <= 1));
                (rate ? rates : others).add(name);
            }
            List<Bar> bars = new ArrayList<>();
            if (!rates.isEmpty()) {
                bars.add(bar(report, rates.size() == 1 ? rates.get(0) : "Metrics (0 to 1)", rates, colors, true));
            }
            others.forEach(name -> bars.add(bar(report, name, List.of(name), colors, others.size() == 1)));
            List<Line> lines = new ArrayList<>();
            for (EvalReport.CurveSet set : report.curves()) {
                List<LineSet> datasets = new ArrayList<>();
                for (EvalReport.Series series : set.series()) {
                    List<Point> points = new ArrayList<>(series.x().size());
                    for (int i = 0; i < series.x().size(); i++) {
                        points.add(new Point(series.x().get(i), series.y().get(i)));
                    }
                    datasets.add(new LineSet(series.name(), color(colors, series.name()), points));
                }
                lines.add(new Line(set.title(), set.xLabel(), set.yLabel(), datasets));
            }
            return new ChartData(bars, lines);
        }

        private static Bar bar(EvalReport report, String title, List<String> names, Map<String, String> colors,
                boolean wide) {
            List<Dataset> datasets = new ArrayList<>();
            for (EvalReport.Row row : report.metrics()) {
                List<Double> data = names.stream().map(n -> row.values().getOrDefault(n, Double.NaN)).toList();
                datasets.add(new Dataset(row.method(), color(colors, row.method()), data));
            }
            return new Bar(title, wide, names, datasets);
        }

        private static String color(Map<String, String> colors, String name) {
            return colors.computeIfAbsent(String.valueOf(name), n -> PALETTE[colors.size() % PALETTE.length]);
        }
    }

    /** The page's fixed parts, read once from the class path. */
    private static final class Resources {
        static final String CHART_JS = chartJs();
        static final String STYLE = text("/engram/report/report.css");
        static final String DRAW = text("/engram/report/report.js");

        private static String chartJs() {
            Properties webjar = new Properties();
            try (InputStream in = ReportHtml.class.getResourceAsStream(WEBJAR_PROPERTIES)) {
                if (in == null) {
                    throw new IllegalStateException("Chart.js webjar missing from the class path: " + WEBJAR_PROPERTIES);
                }
                webjar.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + WEBJAR_PROPERTIES, e);
            }
            String path = "/META-INF/resources/webjars/chart.js/" + webjar.getProperty("version") + "/dist/chart.umd.js";
            // the source map is not shipped; dropping its comment keeps the browser from looking for it
            return text(path).replaceAll("(?m)^//# sourceMappingURL=.*$", "").strip();
        }

        private static String text(String resource) {
            try (InputStream in = ReportHtml.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource missing from the class path: " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
