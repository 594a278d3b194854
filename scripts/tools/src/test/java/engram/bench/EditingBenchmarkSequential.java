package engram.bench;

import static engram.bench.EditingBenchmarkTables.PLAIN;
import static engram.bench.EditingBenchmarkTables.since;

import engram.eval.EditEvaluation;
import engram.eval.RegressionGate;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.editor.EditLedger.Mode;
import engram.knowledge.editor.EditLedger;
import engram.knowledge.editor.Editors;
import engram.model.CausalLm;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Sequential editing: edits applied one after another into an {@link EditLedger} (LoRA on the MLP down-projections,
 * the single part's LoRA), stacked or merged, with or without the regression gate. Every {@code every} edits the
 * curves get a point: efficacy and generalization of all edits so far, locality on a fixed sample of unedited
 * facts' neighbours, retention of those facts. The gate is {@link engram.eval.SequentialEditor}'s rule,
 * run here edit by edit so that the curves can be measured in between: after each edit, locality on the gate's
 * held sample is compared with the last accepted edit's, and an edit that drops it by more than the threshold is
 * rolled back.
 */
final class EditingBenchmarkSequential {
    static final List<String> COLUMNS = List.of("efficacy", "generalization", "ES", "locality", "retained_facts",
            "reverted", "seconds_per_edit");

    private EditingBenchmarkSequential() {}

    /** One run's settings. */
    private record Condition(String name, Mode mode, boolean gated) {}

    /** The curve points of one run. */
    private record Curve(List<Double> edits, Map<String, List<Double>> values) {}

    /** One condition's outcome: the curve and the mean seconds per edit (training, bookkeeping, gate). */
    private record Run(Curve curve, double secondsPerEdit) {}

    /** What every run shares: the model, the edits, the probes and their pre-edit references, the edit settings. */
    private record Setup(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, List<KnowledgeItem> rewrites,
                         List<KnowledgeItem> watched, EditEvaluation.LocalityBaseline watchedReference,
                         RegressionGate gate, EditEvaluation.LocalityBaseline gateReference, EditConfig config,
                         int every) {}

    /**
     * Runs the four conditions.
     *
     * @param items     the edits, in order (distinct subjects)
     * @param held      the gate's held sample (never edited)
     * @param watched   unedited facts whose neighbours give locality and whose answers give retention
     * @param every     a curve point every this many edits
     * @param gateDrop  the gate's largest tolerated locality drop
     * @param stacked   also run the two stacked conditions
     */
    static EvalReport run(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, List<KnowledgeItem> held,
                          List<KnowledgeItem> watched, int every, double gateDrop, boolean stacked, long seed,
                          Manifest manifest, PrintStream log) {
        // the gate reads locality only: its held items keep their neighbours and drop what locality does not need
        List<KnowledgeItem> heldNeighbours = held.stream().map(h -> new KnowledgeItem(h.id(), h.subject(), h.relation(),
                h.prompt(), h.targetTrue(), h.targetNew(), null, h.neighbours(), null, null, null, h.source())).toList();
        Setup setup = new Setup(model, tokenizer, items,
                items.stream().map(EditingBenchmarkTables::rewriteOnly).toList(), watched,
                EditEvaluation.baseline(model, tokenizer, watched, PLAIN),
                new RegressionGate(heldNeighbours, gateDrop, PLAIN).validate(),
                EditEvaluation.baseline(model, tokenizer, heldNeighbours, PLAIN),
                Editors.loraDownProjection().withSeed(seed), every);
        List<EvalReport.Row> rows = new ArrayList<>();
        Map<String, Curve> curves = new LinkedHashMap<>();
        List<Condition> conditions = new ArrayList<>(List.of(new Condition("merged", Mode.MERGED, false),
                new Condition("merged + gate", Mode.MERGED, true)));
        if (stacked) {
            conditions.add(new Condition("stacked", Mode.STACKED, false));
            conditions.add(new Condition("stacked + gate", Mode.STACKED, true));
        }
        for (Condition c : conditions) {
            Run run = edit(setup, c, log);
            Curve curve = run.curve();
            Map<String, Double> values = new LinkedHashMap<>();
            curve.values().forEach((metric, ys) -> values.put(metric, ys.get(ys.size() - 1)));
            values.put("seconds_per_edit", run.secondsPerEdit());
            rows.add(new EvalReport.Row(c.name(), values));
            curves.put(c.name(), curve);
        }
        List<String> notes = List.of(
                items.size() + " LoRA edits (down_proj r=4, lr 5e-3, up to 40 steps each), one ledger entry per edit",
                "efficacy / generalization / ES: over every edit attempted so far (a reverted edit counts as not made)",
                "locality: EasyEdit's unchanged-prediction share on the neighbours of " + watched.size()
                        + " unedited facts; retained_facts: token accuracy of those facts' true answers",
                String.format(Locale.ROOT, "gate: locality on the neighbours of %d other held facts after each edit; an "
                        + "edit that drops it by more than %.3f below the last accepted edit is rolled back", held.size(),
                        gateDrop),
                "seconds_per_edit: training, ledger bookkeeping (save, rebuild) and the gate's check");
        return new EvalReport("Sequential editing: " + items.size() + " edits", "edit-sequential", manifest, rows,
                List.of(), curveSets(curves), notes);
    }

    /**
     * Edits every item, in order, into a fresh ledger over the model (closed at the end, which restores the model,
     * and its folder deleted) and measures the curve.
     */
    private static Run edit(Setup s, Condition c, PrintStream log) {
        Path folder = temporaryFolder();
        Curve curve = new Curve(new ArrayList<>(), new LinkedHashMap<>());
        int reverted = 0;
        double editSeconds = 0;
        long start = System.nanoTime();
        try (EditLedger ledger = EditLedger.open(s.model(), folder)) {
            double accepted = 1.0;                         // the model before the sequence agrees with itself
            for (int i = 0; i < s.items().size(); i++) {
                long t0 = System.nanoTime();
                String parent = ledger.head() == null ? null : ledger.head().id();
                EditLedger.Entry entry = ledger.edit(s.tokenizer(), List.of(s.items().get(i)), s.config(), c.mode(),
                        r -> { });
                if (c.gated()) {
                    double locality = EditEvaluation.evaluate(s.model(), s.tokenizer(), s.gate().heldSample(),
                            s.gateReference(), s.gate().options()).locality();
                    if (accepted - locality > s.gate().maxLocalityDrop()) {
                        ledger.rollbackTo(parent, String.format(Locale.ROOT, "regression gate: %s dropped locality from "
                                + "%.4f to %.4f", entry.id(), accepted, locality));
                        reverted++;
                    } else {
                        accepted = locality;
                    }
                }
                editSeconds += since(t0);
                if ((i + 1) % s.every() == 0 || i + 1 == s.items().size()) {
                    point(s, curve, i + 1, reverted);
                    log.printf(Locale.ROOT, "  %-15s %4d edits  efficacy %.3f  locality %.3f  reverted %d  (%.0f s)%n",
                            c.name(), i + 1, last(curve, "efficacy"), last(curve, "locality"), reverted, since(start));
                }
            }
        } finally {
            deleteRecursively(folder);
        }
        return new Run(curve, editSeconds / s.items().size());
    }

    private static void point(Setup s, Curve curve, int edits, int reverted) {
        EditEvaluation.Scores rewrite = EditEvaluation.evaluate(s.model(), s.tokenizer(), s.rewrites().subList(0, edits),
                null, PLAIN);
        double locality = EditEvaluation.evaluate(s.model(), s.tokenizer(), s.watched(), s.watchedReference(), PLAIN)
                .locality();
        curve.edits().add((double) edits);
        add(curve, "efficacy", rewrite.efficacy());
        add(curve, "generalization", rewrite.generalization());
        add(curve, "ES", rewrite.efficacySuccess());
        add(curve, "locality", locality);
        add(curve, "retained_facts", EditingBenchmarkTables.factAccuracy(s.model(), s.tokenizer(), s.watched()));
        add(curve, "reverted", reverted);
    }

    private static void add(Curve curve, String metric, double value) {
        curve.values().computeIfAbsent(metric, m -> new ArrayList<>()).add(value);
    }

    private static double last(Curve curve, String metric) {
        List<Double> ys = curve.values().get(metric);
        return ys.get(ys.size() - 1);
    }

    /** One chart per metric, one line per condition. */
    private static List<EvalReport.CurveSet> curveSets(Map<String, Curve> curves) {
        List<EvalReport.CurveSet> out = new ArrayList<>();
        for (String metric : List.of("efficacy", "generalization", "locality", "retained_facts", "reverted")) {
            List<EvalReport.Series> series = new ArrayList<>();
            curves.forEach((name, c) -> series.add(new EvalReport.Series(name, c.edits(), c.values().get(metric))));
            out.add(new EvalReport.CurveSet(metric + " vs sequential edits", "edits", metric, series));
        }
        return out;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("engram-ledger-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
