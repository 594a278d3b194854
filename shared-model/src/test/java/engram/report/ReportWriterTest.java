package engram.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static final String HOSTILE = "<script>alert('x')</script>";

    @TempDir
    Path temp;

    @Test
    void writesExactlyTheTwoFilesAndNothingElse() throws IOException {
        Path folder = new ReportWriter().write(SampleReport.report(), temp.resolve("out"));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("report.html", "report.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void reportJsonReadsBackToAnEqualReport() {
        EvalReport report = SampleReport.report();
        Path folder = new ReportWriter().write(report, temp);
        EvalReport back = ReportWriter.read(folder.resolve(ReportWriter.JSON_FILE));
        assertEquals(report, back);
        assertTrue(Double.isNaN(back.metrics().get(0).values().get("portability")), "null must read back as NaN");
        assertEquals(report.metricNames(), back.metricNames(), "column order survives the round trip");
    }

    @Test
    void sameReportGivesSameBytes() throws IOException {
        Path first = new ReportWriter().write(SampleReport.report(), temp.resolve("first"));
        Path second = new ReportWriter().write(SampleReport.report(), temp.resolve("second"));
        for (String name : List.of(ReportWriter.JSON_FILE, ReportWriter.HTML_FILE)) {
            assertArrayEquals(Files.readAllBytes(first.resolve(name)), Files.readAllBytes(second.resolve(name)), name);
        }
    }

    @Test
    void jsonUsesSnakeCaseAndNullForNotMeasured() {
        String json = ReportWriter.toJson(SampleReport.report());
        assertTrue(json.contains("\"run_id\" : \"run-2024-demo-0007\""), json);
        assertTrue(json.contains("\"portability\" : null"), json);
        assertFalse(json.contains("NaN"), "JSON has no NaN");
        assertFalse(json.contains("\r"), "line ends are \\n whatever the platform");
    }

    @Test
    void pageLoadsNothingFromTheNetwork() throws IOException {
        String html = writeAndReadPage(SampleReport.report());
        Matcher attribute = Pattern.compile("(?i)\\b(src|href|srcset|action|poster)\\s*=\\s*[\"']?\\s*(https?:)?//")
                .matcher(html);
        assertFalse(attribute.find(), () -> "network reference: " + context(html, attribute.start()));
        Matcher cssUrl = Pattern.compile("(?i)(url\\(\\s*[\"']?\\s*(https?:)?//|@import)").matcher(html);
        assertFalse(cssUrl.find(), () -> "network reference in CSS: " + context(html, cssUrl.start()));
        assertEquals(3, count(html, "<script"), "the chart data, Chart.js and the drawing script, all inline");
        assertFalse(Pattern.compile("(?i)<script[^>]*\\bsrc").matcher(html).find(), "scripts must be inline");
        assertFalse(Pattern.compile("(?i)<link\\b").matcher(html).find(), "styles must be inline");
        assertTrue(html.contains("default-src 'none'"), "the page forbids network access to the browser too");
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws IOException {
        EvalReport sample = SampleReport.report();
        List<EvalReport.Row> rows = new ArrayList<>(sample.metrics());
        rows.add(new EvalReport.Row(HOSTILE, Map.of("efficacy", 0.5)));
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("prompt", HOSTILE + " was born in");
        texts.put("prediction", "\" onmouseover=\"alert(1)");
        List<EvalReport.Item> items = List.of(new EvalReport.Item(HOSTILE, "id-" + HOSTILE, Map.of(), texts));
        EvalReport report = new EvalReport(HOSTILE, HOSTILE, sample.manifest(), rows, items, sample.curves(),
                List.of(HOSTILE));

        String html = writeAndReadPage(report);
        assertFalse(html.contains(HOSTILE), "raw hostile text reached the page");
        assertFalse(html.contains("\" onmouseover="), "quotes must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; was born in"), "escaped prompt shown");
        assertTrue(html.contains("\\u003cscript\\u003e"), "method names in the chart JSON are escaped too");
        assertEquals(3, count(html, "<script"), "no script element was injected");
    }

    @Test
    void longItemListsShowTheFirstRowsAndCountTheRest() throws IOException {
        String html = writeAndReadPage(SampleReport.report(), new ReportWriter(15));
        assertTrue(html.contains("… and 5 more rows (20 in all, every one in report.json)"), "the rest is counted");
        assertEquals(15, count(html, "<td class=\"id\">fact-"), "only the first 15 item rows are shown");
    }

    @Test
    void notMeasuredIsShownAsNa() throws IOException {
        String html = writeAndReadPage(SampleReport.report());
        assertTrue(html.contains("<td class=\"num na\">n/a</td>"), "NaN shows as n/a");
        assertEquals("0.97", ReportHtml.format(0.97));
        assertEquals("-3.142", ReportHtml.format(-Math.PI));
        assertEquals("1.235E+9", ReportHtml.format(1_234_567_890));
        assertEquals("0", ReportHtml.format(0));
    }

    @Test
    void aMetricNoMethodMeasuredGetsNoChart() {
        EvalReport sample = SampleReport.report();
        List<EvalReport.Row> rows = new ArrayList<>();
        for (EvalReport.Row row : sample.metrics()) {
            Map<String, Double> values = new LinkedHashMap<>(row.values());
            values.put("seconds_per_edit", Double.NaN);
            rows.add(new EvalReport.Row(row.method(), values));
        }
        EvalReport report = new EvalReport(sample.title(), sample.kind(), sample.manifest(), rows, sample.items(),
                sample.curves(), sample.notes());
        List<String> charted = ReportHtml.ChartData.of(report).bars().stream()
                .flatMap(bar -> bar.labels().stream()).toList();
        assertFalse(charted.contains("seconds_per_edit"), charted.toString());
        assertTrue(charted.contains("portability"), "a metric measured for some methods is still drawn");
    }

    @Test
    void invalidReportWritesNothing() {
        EvalReport sample = SampleReport.report();
        List<EvalReport.Row> twice = List.of(sample.metrics().get(0), sample.metrics().get(0));
        EvalReport bad = new EvalReport(sample.title(), sample.kind(), sample.manifest(), twice, List.of(),
                List.of(), List.of());
        Path folder = temp.resolve("never");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ReportWriter().write(bad, folder));
        assertEquals("metrics: method 'base model' appears twice", e.getMessage());
        assertFalse(Files.exists(folder));
    }

    @Test
    void rewritingReplacesTheOldReportAndLeavesNoTemporaryFiles() throws IOException {
        EvalReport sample = SampleReport.report();
        new ReportWriter().write(sample, temp);
        EvalReport shorter = new EvalReport("second run", sample.kind(), sample.manifest(), sample.metrics(),
                List.of(), List.of(), List.of());
        new ReportWriter().write(shorter, temp);
        assertEquals(shorter, ReportWriter.read(temp.resolve(ReportWriter.JSON_FILE)));
        try (Stream<Path> files = Files.list(temp)) {
            assertEquals(2, files.count());
        }
    }

    private String writeAndReadPage(EvalReport report) throws IOException {
        return writeAndReadPage(report, new ReportWriter());
    }

    private String writeAndReadPage(EvalReport report, ReportWriter writer) throws IOException {
        Path folder = writer.write(report, Files.createTempDirectory(temp, "page"));
        return Files.readString(folder.resolve(ReportWriter.HTML_FILE), StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String context(String text, int at) {
        return text.substring(Math.max(0, at - 60), Math.min(text.length(), at + 60));
    }
}
