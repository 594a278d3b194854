package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.knowledge.KnowledgeScorer;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.report.ReportWriter;
import engram.report.Versions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation results become reports whose rows and items are exactly the results. */
class EvalReportsTest {
    private static final Manifest MANIFEST = new Manifest("run-eval", "run-1", "abc", null, null, new java.util.TreeMap<>(Map.of("fluency", 3L)),
            new Versions("dev", "0.35.1", "2.7.1", "17"));

    @TempDir
    Path temp;

    @Test
    void anEditReportHasOneRowPerMethodAndOneItemRowPerMethodAndItem() {
        var a = new EditEvaluation.ItemResult("a", 1, 0.5, 1, 1, Double.NaN, 1, 1, 0, 0.2, 0.1, -0.1, Double.NaN, null);
        var b = new EditEvaluation.ItemResult("b", 0, Double.NaN, 0.5, 0, 0.25, 0, Double.NaN, 1, -0.2, Double.NaN, 0.3,
                4.0, "<script>x</script>");
        Map<String, EditEvaluation.Scores> byMethod = new LinkedHashMap<>();
        byMethod.put("LoRA", EditEvaluation.summarise(List.of(a, b)));
        byMethod.put("FT-M", EditEvaluation.summarise(List.of(b)));
        EvalReport report = EvalReports.edits("edits", MANIFEST, byMethod, Map.of("LoRA", 0.25), List.of(),
                List.of("a note"));
        assertEquals(List.of("LoRA", "FT-M"), report.metrics().stream().map(EvalReport.Row::method).toList());
        assertEquals(0.5, report.metrics().get(0).values().get("efficacy"), 1e-12);
        assertEquals(0.25, report.metrics().get(0).values().get("seconds_per_edit"), 1e-12);
        assertTrue(report.metrics().get(1).values().get("seconds_per_edit").isNaN());
        assertEquals(3, report.items().size());

        new ReportWriter().write(report, temp);
        assertEquals(report, ReportWriter.read(temp.resolve(ReportWriter.JSON_FILE)));
        assertTrue(Files.exists(temp.resolve(ReportWriter.HTML_FILE)));
    }

    @Test
    void aKnowledgeReportCountsTheBuckets() {
        var known = new KnowledgeScorer.ItemScore("k", " Paris", new double[] {-0.1}, -0.1, 0, 1.0, " Paris.", true, true,
                KnowledgeScorer.Bucket.KNOWN);
        var unknown = new KnowledgeScorer.ItemScore("u", " Rome", new double[] {-5}, -5, 9, 0.0, " Paris.", false, false,
                KnowledgeScorer.Bucket.UNKNOWN);
        EvalReport report = EvalReports.knowledge("knowledge", MANIFEST, List.of(known, unknown, known, known));
        Map<String, Double> row = report.metrics().get(0).values();
        assertEquals(0.75, row.get("known"), 1e-12);
        assertEquals(0.25, row.get("unknown"), 1e-12);
        assertEquals(0.0, row.get("partly_known"), 1e-12);
        assertEquals("unknown", report.items().get(1).texts().get("bucket"));
    }
}
