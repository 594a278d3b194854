package engram.bench;

import engram.eval.EditEvaluation;
import engram.eval.EditEvaluation.ItemResult;
import engram.eval.EditEvaluation.Scores;
import engram.eval.EditMetrics;
import engram.eval.Perplexity;
import engram.knowledge.TeacherForcing;
import engram.knowledge.KnowledgeItem;
import engram.model.CausalLm;
import engram.report.EvalReport;
import engram.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** What the editing benchmark's parts share: averaging per-item results, probes of general ability, tables. */
final class EditingBenchmarkTables {
    /** Evaluation without fluency: batches of 32. */
    static final EditEvaluation.Options PLAIN = new EditEvaluation.Options(32, 0, 100, 5, 0);
    /** Evaluation with a fluency generation for every item (EasyEdit: 100 tokens, top-5). */
    static final EditEvaluation.Options FLUENT = new EditEvaluation.Options(32, Integer.MAX_VALUE, 100, 5, 0);

    private EditingBenchmarkTables() {}

    /** Scores of separately evaluated items, averaged as {@link EditEvaluation} averages (per item, over defined). */
    static Scores combine(List<ItemResult> r) {
        return new Scores(mean(r, ItemResult::efficacy), mean(r, ItemResult::generalization),
                mean(r, ItemResult::locality), mean(r, ItemResult::neighbourAccuracy), mean(r, ItemResult::portability),
                mean(r, ItemResult::efficacySuccess), mean(r, ItemResult::paraphraseSuccess),
                mean(r, ItemResult::neighbourSuccess), mean(r, ItemResult::efficacyMargin),
                mean(r, ItemResult::paraphraseMargin), mean(r, ItemResult::neighbourMargin),
                mean(r, ItemResult::fluency), List.copyOf(r));
    }

    private static double mean(List<ItemResult> results, ToDoubleFunction<ItemResult> metric) {
        return EditMetrics.meanOfDefined(results.stream().mapToDouble(metric).toArray());
    }

    /**
     * Retention of what the model knew: mean teacher-forced token accuracy of the facts' true targets after
     * their prompts.
     */
    static double factAccuracy(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> facts) {
        List<TeacherForcing.Score> scores = TeacherForcing.scoreTexts(model, tokenizer,
                facts.stream().map(KnowledgeItem::prompt).toList(),
                facts.stream().map(KnowledgeItem::targetTrue).toList(), 64);
        return scores.stream().mapToDouble(TeacherForcing.Score::tokenAccuracy).average().orElse(Double.NaN);
    }

    /** Perplexity of plain sentences, each after BOS. */
    static double perplexity(CausalLm model, Tokenizer tokenizer, List<String> sentences) {
        return Perplexity.of(model, sentences.stream().map(tokenizer::encodeWithBos).toList(), 64);
    }

    /** The same report with extra columns appended to the named rows (rows absent from a map get NaN). */
    static EvalReport withColumns(EvalReport report, Map<String, Map<String, Double>> extraByRow) {
        List<EvalReport.Row> rows = new ArrayList<>();
        for (EvalReport.Row row : report.metrics()) {
            Map<String, Double> values = new LinkedHashMap<>(row.values());
            values.putAll(extraByRow.getOrDefault(row.method(), Map.of()));
            rows.add(new EvalReport.Row(row.method(), values));
        }
        return new EvalReport(report.title(), report.kind(), report.manifest(), rows, report.items(), report.curves(),
                report.notes());
    }

    /** The same report keeping at most {@code perMethod} item rows per method (report.json stays small). */
    static EvalReport trimItems(EvalReport report, int perMethod) {
        Map<String, Integer> seen = new HashMap<>();
        List<EvalReport.Item> kept = new ArrayList<>();
        for (EvalReport.Item item : report.items()) {
            if (seen.merge(item.method(), 1, Integer::sum) <= perMethod) {
                kept.add(item);
            }
        }
        return new EvalReport(report.title(), report.kind(), report.manifest(), report.metrics(), kept, report.curves(),
                report.notes());
    }

    /** A markdown table of the report's rows and the given columns; fractions and seconds shown as they are. */
    static String markdown(EvalReport report, List<String> columns) {
        StringBuilder out = new StringBuilder("| method |");
        columns.forEach(c -> out.append(' ').append(c).append(" |"));
        out.append("\n|---|");
        columns.forEach(c -> out.append("---:|"));
        out.append('\n');
        for (EvalReport.Row row : report.metrics()) {
            out.append("| ").append(row.method()).append(" |");
            for (String column : columns) {
                out.append(' ').append(format(row.values().getOrDefault(column, Double.NaN))).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) >= 1) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 10 ? "%.1f" : "%.3f", value);
    }

    /** An edit item reduced to what efficacy and generalization need (no neighbours, no portability). */
    static KnowledgeItem rewriteOnly(KnowledgeItem item) {
        return new KnowledgeItem(item.id(), item.subject(), item.relation(), item.prompt(), item.targetTrue(),
                item.targetNew(), item.paraphrases(), null, null, null, null, item.source());
    }

    /** Seconds since {@code startNanos}. */
    static double since(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
