package engram.eval;

import engram.knowledge.KnowledgeScorer;
import engram.report.EvalReport;
import engram.report.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns evaluation results into {@link EvalReport}s, the plain data that {@link engram.report.ReportWriter}
 * writes as {@code report.json} and {@code report.html}: one metrics row per method (or condition), one item
 * row per method and item, and the curves (loss per step, metrics every n edits) the caller measured.
 */
public final class EvalReports {
    private EvalReports() {}

    /**
     * An editing report: rows are the methods in the order given, columns {@link EditEvaluation.Scores#metrics()}
     * plus {@code seconds_per_edit} when known.
     *
     * @param byMethod  scores per method, in display order
     * @param seconds   seconds per edit per method (methods missing from it get NaN)
     * @param curves    loss curves and other series; may be empty
     * @param notes     what is approximated or worth knowing
     */
    public static EvalReport edits(String title, Manifest manifest, Map<String, EditEvaluation.Scores> byMethod,
                                   Map<String, Double> seconds, List<EvalReport.CurveSet> curves, List<String> notes) {
        List<EvalReport.Row> rows = new ArrayList<>();
        List<EvalReport.Item> items = new ArrayList<>();
        for (Map.Entry<String, EditEvaluation.Scores> e : byMethod.entrySet()) {
            Map<String, Double> values = new LinkedHashMap<>(e.getValue().metrics());
            values.put("seconds_per_edit", seconds.getOrDefault(e.getKey(), Double.NaN));
            rows.add(new EvalReport.Row(e.getKey(), values));
            for (EditEvaluation.ItemResult r : e.getValue().items()) {
                Map<String, Double> v = new LinkedHashMap<>();
                v.put("efficacy", r.efficacy());
                v.put("generalization", r.generalization());
                v.put("locality", r.locality());
                v.put("portability", r.portability());
                v.put("ES", r.efficacySuccess());
                v.put("fluency", r.fluency());
                Map<String, String> texts = r.generated() == null ? Map.of() : Map.of("generated", r.generated());
                items.add(new EvalReport.Item(e.getKey(), r.id(), v, texts));
            }
        }
        return new EvalReport(title, "edit", manifest, rows, items, curves, notes);
    }

    /**
     * An unlearning report: one row per method with the forget set's and each retain set's figures, model
     * utility and forget quality; the forget-quality reference (exact or approximated) goes into the notes.
     */
    public static EvalReport unlearning(String title, Manifest manifest, Map<String, UnlearningScores> byMethod,
                                        List<EvalReport.CurveSet> curves, List<String> notes) {
        List<EvalReport.Row> rows = new ArrayList<>();
        List<String> allNotes = new ArrayList<>(notes);
        for (Map.Entry<String, UnlearningScores> e : byMethod.entrySet()) {
            UnlearningScores s = e.getValue();
            Map<String, Double> values = new LinkedHashMap<>();
            putSet(values, s.forget());
            values.put("forget_truth_ratio", s.forget().forgetTruthRatio());
            for (SetScores retain : s.retain()) {
                putSet(values, retain);
            }
            values.put("model_utility", s.modelUtility().value());
            values.put("forget_quality", s.forgetQuality() == null ? Double.NaN : s.forgetQuality().pValue());
            rows.add(new EvalReport.Row(e.getKey(), values));
            if (s.forgetQuality() != null) {
                String note = "forget quality (" + s.forgetQuality().reference().name().toLowerCase(Locale.ROOT)
                        + "): " + s.forgetQuality().referenceNote();
                if (!allNotes.contains(note)) {
                    allNotes.add(note);
                }
            }
        }
        return new EvalReport(title, "unlearning", manifest, rows, List.of(), curves, allNotes);
    }

    /**
     * A score-knowledge report: one row with the bucket counts and means, and one item row per scored item.
     */
    public static EvalReport knowledge(String title, Manifest manifest, List<KnowledgeScorer.ItemScore> scores) {
        KnowledgeScorer.Summary s = KnowledgeScorer.Summary.of(scores);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("items", (double) s.items());
        values.put("known", s.known() / (double) s.items());
        values.put("partly_known", s.partlyKnown() / (double) s.items());
        values.put("unknown", s.unknown() / (double) s.items());
        values.put("token_accuracy", s.meanTokenAccuracy());
        values.put("mean_log_probability", s.meanLogProbability());
        values.put("generation_exact", s.generationExactRate());
        values.put("generation_contains", s.generationContainsRate());
        List<EvalReport.Item> items = new ArrayList<>(scores.size());
        for (KnowledgeScorer.ItemScore i : scores) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("token_accuracy", i.tokenAccuracy());
            v.put("mean_log_probability", i.meanLogProbability());
            v.put("first_token_rank", (double) i.firstTokenRank());
            Map<String, String> texts = new LinkedHashMap<>();
            texts.put("target", i.target());
            texts.put("bucket", i.bucket().name().toLowerCase(Locale.ROOT));
            if (i.generated() != null) {
                texts.put("generated", i.generated());
            }
            items.add(new EvalReport.Item("model", i.id(), v, texts));
        }
        return new EvalReport(title, "knowledge-score", manifest, List.of(new EvalReport.Row("model", values)), items,
                List.of(), List.of());
    }

    private static void putSet(Map<String, Double> values, SetScores set) {
        values.put(set.name() + "_token_accuracy", set.tokenAccuracy());
        values.put(set.name() + "_rougeL_recall", set.rougeLRecall());
        values.put(set.name() + "_answer_probability", set.answerProbability());
    }
}
