package engram.bench;

import static engram.bench.EditingBenchmarkTables.FLUENT;
import static engram.bench.EditingBenchmarkTables.PLAIN;
import static engram.bench.EditingBenchmarkTables.since;

import engram.eval.EditEvaluation.ItemResult;
import engram.eval.EditEvaluation.Scores;
import engram.eval.EditEvaluation;
import engram.eval.EvalReports;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.TokenTrace;
import engram.knowledge.edit.overtone.Overtone;
import engram.knowledge.editor.Editors;
import engram.knowledge.editor.KnowledgeEditor;
import engram.model.CausalLm;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.tokenizer.Tokenizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Counterfactual edits with FT-L, FT-M and LoRA, each with cross-entropy and with OVERTONE, EasyEdit style: every
 * edit alone on the unedited model (trained, evaluated, removed), then all edits at once (batch editing). Also
 * the HTO diagnostic: per-token log-likelihood gains of one multi-token edit under FT-M and FT-M + OVERTONE.
 */
final class EditingBenchmarkSingle {
    /** One editing method of the comparison. */
    record Method(String name, EditConfig config) {}

    /** Columns of the printed table. */
    static final List<String> COLUMNS = List.of("efficacy", "generalization", "locality", "portability", "ES", "PS",
            "NS", "fluency", "steps", "seconds_per_edit");

    private EditingBenchmarkSingle() {}

    /** The six methods with the library's defaults (FT: lr 1e-2, 40 steps; LoRA down_proj r=4: lr 5e-3, 40 steps). */
    static List<Method> methods(long seed) {
        List<Method> out = new ArrayList<>();
        for (Method base : List.of(new Method("FT-L", Editors.ftL()), new Method("FT-M", Editors.ftM()),
                new Method("LoRA", Editors.loraDownProjection()))) {
            out.add(new Method(base.name(), base.config().withSeed(seed)));
            out.add(new Method(base.name() + "+OVERTONE", base.config().withSeed(seed).withOvertone(Overtone.DEFAULT)));
        }
        return out;
    }

    /**
     * Runs the comparison on {@code items} (distinct subjects).
     *
     * @param fluencyEdits how many of the single edits (the first ones) also get a fluency generation
     */
    static EvalReport run(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, int fluencyEdits,
                          long seed, Manifest manifest, String title, PrintStream log) {
        EditEvaluation.LocalityBaseline baseline = EditEvaluation.baseline(model, tokenizer, items, PLAIN);
        Map<String, Scores> scores = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Map<String, Double>> steps = new LinkedHashMap<>();
        List<KnowledgeItem> fluent = items.subList(0, Math.min(fluencyEdits, items.size()));
        List<ItemResult> unedited = new ArrayList<>(EditEvaluation.evaluate(model, tokenizer, fluent, baseline, FLUENT)
                .items());
        if (fluent.size() < items.size()) {
            unedited.addAll(EditEvaluation.evaluate(model, tokenizer, items.subList(fluent.size(), items.size()), baseline,
                    PLAIN).items());
        }
        scores.put("unedited model", EditingBenchmarkTables.combine(unedited));
        for (Method method : methods(seed)) {
            long start = System.nanoTime();
            String single = method.name() + " (single)";
            Singles run = singleEdits(model, tokenizer, items, baseline, method.config(), fluencyEdits);
            scores.put(single, run.scores());
            seconds.put(single, run.trainingSeconds() / items.size());
            steps.put(single, Map.of("steps", run.steps() / items.size()));
            log.printf(Locale.ROOT, "  %-28s %d single edits in %.0f s%n", method.name(), items.size(), since(start));
        }
        for (Method method : methods(seed)) {
            long t0 = System.nanoTime();
            try (Edit edit = KnowledgeEditor.edit(model, tokenizer, items, method.config(), r -> { })) {
                String batch = method.name() + " (batch of " + items.size() + ")";
                seconds.put(batch, since(t0) / items.size());
                steps.put(batch, Map.of("steps", (double) edit.training().steps()));
                scores.put(batch, EditEvaluation.evaluate(model, tokenizer, items, baseline, PLAIN));
            }
            log.printf(Locale.ROOT, "  %-28s batch edit done%n", method.name());
        }
        List<EvalReport.CurveSet> curves = htoCurves(model, tokenizer, items, seed);
        List<String> notes = List.of(
                "single: each edit trained alone on the unedited model, evaluated, removed (EasyEdit's protocol); "
                        + "batch: all edits in one training",
                "locality = share of neighbour answer tokens whose argmax is unchanged (EasyEdit); ES/PS/NS = ROME's "
                        + "probability comparisons; fluency = n-gram entropy of 100 top-5 sampled tokens on the first "
                        + fluent.size() + " edits",
                "seconds_per_edit = training wall time only; steps = optimiser steps run (early stop at loss < 1e-2, "
                        + "or every OVERTONE token clipped)",
                "OVERTONE: lambda 0.1, epsilon 0.01, n-sigma 0.5 (third-party defaults, docs/methods.md 7.6)");
        EvalReport report = EvalReports.edits(title, manifest, scores, seconds, curves, notes);
        return EditingBenchmarkTables.trimItems(EditingBenchmarkTables.withColumns(report, steps), 10);
    }

    /** Single edits of one method: the combined scores, the summed training time and optimiser steps. */
    private record Singles(Scores scores, double trainingSeconds, double steps) {}

    /** Every item edited alone into the unedited model, evaluated, and removed again. */
    private static Singles singleEdits(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                       EditEvaluation.LocalityBaseline baseline, EditConfig config, int fluencyEdits) {
        double training = 0;
        double steps = 0;
        List<ItemResult> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            long t0 = System.nanoTime();
            try (Edit edit = KnowledgeEditor.edit(model, tokenizer, List.of(items.get(i)), config, r -> { })) {
                training += since(t0);
                steps += edit.training().steps();
                results.add(EditEvaluation.evaluate(model, tokenizer, List.of(items.get(i)), baseline,
                        i < fluencyEdits ? FLUENT : PLAIN).items().get(0));
            }
        }
        return new Singles(EditingBenchmarkTables.combine(results), training, steps);
    }

    /** Per-token gain curves of the first item with a multi-token target, under FT-M with and without OVERTONE. */
    private static List<EvalReport.CurveSet> htoCurves(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items,
                                                        long seed) {
        KnowledgeItem item = items.stream()
                .filter(i -> tokenizer.encodeContinuation(i.prompt(), i.targetNew()).length >= 3)
                .findFirst().orElse(items.get(0));
        List<EvalReport.CurveSet> out = new ArrayList<>();
        for (Method method : List.of(new Method("FT-M", Editors.ftM()),
                new Method("FT-M+OVERTONE", Editors.ftM().withOvertone(Overtone.DEFAULT)))) {
            EditConfig traced = method.config().withSeed(seed).tracingTokens(true).withoutEarlyStop();
            try (Edit edit = KnowledgeEditor.edit(model, tokenizer, List.of(item), traced, r -> { })) {
                TokenTrace trace = edit.training().tokenTraces().get(0);
                EvalReport.CurveSet set = trace.curves();
                out.add(new EvalReport.CurveSet(method.name() + ": " + set.title() + String.format(Locale.ROOT,
                        " (final spread %.2f)", trace.spread(trace.steps())), set.xLabel(), set.yLabel(), set.series()));
            }
        }
        return out;
    }
}
