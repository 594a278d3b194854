package engram.bench;

import static engram.bench.EditingBenchmarkTables.PLAIN;
import static engram.bench.EditingBenchmarkTables.since;

import engram.eval.EditEvaluation;
import engram.eval.EditEvaluation.Scores;
import engram.eval.EvalReports;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.filter.BeaconConfig;
import engram.knowledge.filter.BeaconDropReason;
import engram.knowledge.filter.BeaconDropped;
import engram.knowledge.filter.BeaconLoss;
import engram.knowledge.filter.BeaconSelection;
import engram.knowledge.filter.SemanticBeacons;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import engram.world.Relation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Semantic Beacons (docs/methods.md §4): learning new facts from a noisy, mixed training set with LoRA, with and without
 * the filter and the re-weighted loss. Per new fact (a counterfactual {@code prompt → target_new}) the training set
 * holds the fact itself, three rephrasings in the pretraining templates (same answer), and two harmful items: a
 * stale copy (another template with the old answer) and a contradiction (the edit prompt with a third answer);
 * plus one true fact of an unrelated subject per new fact as filler. Knowledge learned is measured on the edit
 * metrics; knowledge retained on the locality and on unrelated facts never trained on.
 */
final class EditingBenchmarkBeacons {
    static final List<String> COLUMNS = List.of("efficacy", "generalization", "locality", "portability", "ES", "PS",
            "NS", "retained_facts", "train_items", "noise_dropped", "clean_dropped", "seconds");
    private static final LoraConfig LORA = new LoraConfig(8, 16f, 0f, LoraConfig.ALL_LINEAR, false);
    private static final float LEARNING_RATE = 3e-3f;
    private static final int EPOCHS = 8;
    private static final int BATCH = 32;
    private static final int MIN_STEPS = 40;

    private EditingBenchmarkBeacons() {}

    /** One candidate of the mixed training set and whether it was planted as harmful. */
    private record Candidate(KnowledgeItem item, boolean harmful) {}

    /**
     * Runs the comparison.
     *
     * @param targets   the new facts (counterfactual edit items, distinct subjects)
     * @param fillers   true facts of other subjects, added to the training set
     * @param retention true facts never trained on, for retention
     * @param pool      every world item (third answers for the contradictions come from here)
     */
    static EvalReport run(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> targets, List<KnowledgeItem> fillers,
                          List<KnowledgeItem> retention, List<KnowledgeItem> pool, long seed, Manifest manifest,
                          PrintStream log) {
        List<Candidate> mixed = mixedSet(targets, fillers, pool);
        List<KnowledgeItem> candidates = mixed.stream().map(Candidate::item).toList();
        List<KnowledgeItem> beacons = targets.stream()
                .map(t -> KnowledgeItem.fact(t.id(), t.prompt(), t.targetNew(), "beacon")).toList();
        long t0 = System.nanoTime();
        BeaconSelection selection = SemanticBeacons.select(model, tokenizer, beacons, candidates, BeaconConfig.defaults());
        double filterSeconds = since(t0);
        Set<Integer> dropped = selection.dropped().stream().map(BeaconDropped::index).collect(Collectors.toSet());
        int steps = Math.max(MIN_STEPS, (int) Math.ceil(EPOCHS * (double) candidates.size() / BATCH));
        EditEvaluation.LocalityBaseline baseline = EditEvaluation.baseline(model, tokenizer, targets, PLAIN);

        Map<String, Scores> scores = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        scores.put("unedited model", EditEvaluation.evaluate(model, tokenizer, targets, baseline, PLAIN));
        extra.put("unedited model", Map.of("retained_facts",
                EditingBenchmarkTables.factAccuracy(model, tokenizer, retention)));

        List<Example> all = examples(tokenizer, candidates);
        List<Example> clean = examples(tokenizer, mixed.stream().filter(c -> !c.harmful()).map(Candidate::item).toList());
        List<Example> kept = selection.examples(tokenizer);
        List<Example> keptUnweighted = examples(tokenizer, selection.keptItems());
        record Condition(String name, List<Example> data, TokenLoss loss, boolean filtered) {}
        List<Condition> conditions = List.of(
                new Condition("LoRA, all data", all, TokenLoss.CROSS_ENTROPY, false),
                new Condition("LoRA, Beacons filter", keptUnweighted, TokenLoss.CROSS_ENTROPY, true),
                new Condition("LoRA, re-weighted loss", all, BeaconLoss.defaults(model), false),
                new Condition("LoRA, Beacons filter + re-weighting", kept, BeaconLoss.defaults(model), true),
                new Condition("LoRA, clean data (oracle)", clean, TokenLoss.CROSS_ENTROPY, false));
        for (Condition c : conditions) {
            long start = System.nanoTime();
            try (LoraAdapter adapter = LoraAdapter.attach(model, LORA, seed)) {
                train(model, adapter, c.data(), c.loss(), steps, seed);
                double took = since(start) + (c.filtered() ? filterSeconds : 0);
                scores.put(c.name(), EditEvaluation.evaluate(model, tokenizer, targets, baseline, PLAIN));
                seconds.put(c.name(), took);
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("retained_facts", EditingBenchmarkTables.factAccuracy(model, tokenizer, retention));
                values.put("train_items", (double) c.data().size());
                values.put("noise_dropped", c.filtered() ? share(mixed, dropped, true) : 0.0);
                values.put("clean_dropped", c.filtered() ? share(mixed, dropped, false) : 0.0);
                values.put("seconds", took);
                extra.put(c.name(), values);
            }
            log.printf(Locale.ROOT, "  %-38s %d examples, %d steps, %.0f s%n", c.name(), c.data().size(), steps,
                    since(start));
        }
        List<String> notes = notes(targets.size(), mixed, selection, steps, retention.size());
        EvalReport report = EvalReports.edits("Semantic Beacons: learning new facts from a noisy training set", manifest,
                scores, seconds, List.of(), notes);
        return EditingBenchmarkTables.trimItems(EditingBenchmarkTables.withColumns(report, extra), 10);
    }

    /** LoRA training with the part's optimiser settings; the adapter stays attached and active. */
    private static void train(CausalLm model, LoraAdapter adapter, List<Example> data, TokenLoss loss, int steps,
                              long seed) {
        TrainingConfig training = TrainingConfig.adamW(LEARNING_RATE, steps, BATCH, seed);
        try (Trainer trainer = new Trainer(model, adapter.peftTensors(), training, loss)) {
            adapter.training(true);
            trainer.train(data, r -> { });
            adapter.training(false);
        }
    }

    private static List<String> notes(int facts, List<Candidate> mixed, BeaconSelection selection, int steps,
                                      int retained) {
        return List.of(
                String.format(Locale.ROOT, "%d new facts; %d training candidates (%d planted harmful: a stale copy with "
                        + "the old answer and a contradiction with a third answer per fact); %d kept by the filter, "
                        + "dropped: %s", facts, mixed.size(),
                        mixed.stream().filter(Candidate::harmful).count(), selection.kept().size(), reasons(selection)),
                "filter: BeaconConfig.defaults() (conflict rule overlap >= 0.9 and disagreement >= 0.05, then Reading A "
                        + "keeps 80% of the survivors); re-weighting: BeaconLoss gamma 1, mu 0 (docs/methods.md 4.3, reconstructed)",
                String.format(Locale.ROOT, "LoRA r=%d alpha=%.0f on all linear maps, AdamW lr %.0e, %d steps of %d "
                        + "examples for every condition (%d epochs of the full mixed set, at least %d steps)", LORA.rank(),
                        LORA.alpha(), LEARNING_RATE, steps, BATCH, EPOCHS, MIN_STEPS),
                "retained_facts = token accuracy of " + retained + " true facts never trained on; noise_dropped ="
                        + " share of the planted harmful items the filter dropped, clean_dropped = share of the clean "
                        + "items it dropped");
    }

    /** The mixed training set, fact by fact, then the fillers. */
    private static List<Candidate> mixedSet(List<KnowledgeItem> targets, List<KnowledgeItem> fillers,
                                            List<KnowledgeItem> pool) {
        List<Candidate> out = new ArrayList<>();
        for (KnowledgeItem t : targets) {
            Relation relation = Relation.valueOf(t.relation().toUpperCase(Locale.ROOT));
            out.add(new Candidate(KnowledgeItem.fact(t.id() + "/new", t.prompt(), t.targetNew(), "beacons"), false));
            int[] rephrasings = {1, 2, 4};                          // the other pretraining templates of the relation
            for (int k : rephrasings) {
                String prompt = relation.templates().get(k).prompt(t.subject());
                out.add(new Candidate(KnowledgeItem.fact(t.id() + "/new" + k, prompt, t.targetNew(), "beacons"), false));
            }
            String stalePrompt = relation.templates().get(2).prompt(t.subject());
            out.add(new Candidate(KnowledgeItem.fact(t.id() + "/stale", stalePrompt, t.targetTrue(), "beacons"), true));
            out.add(new Candidate(KnowledgeItem.fact(t.id() + "/contradiction", t.prompt(), thirdAnswer(t, pool),
                    "beacons"), true));
        }
        fillers.forEach(f -> out.add(new Candidate(KnowledgeItem.fact(f.id() + "/filler", f.prompt(), f.targetTrue(),
                "beacons"), false)));
        return out;
    }

    /** A true object of another fact of the same relation, neither the old nor the new answer. */
    private static String thirdAnswer(KnowledgeItem target, List<KnowledgeItem> pool) {
        return pool.stream().filter(p -> p.relation().equals(target.relation()))
                .map(KnowledgeItem::targetTrue)
                .filter(a -> !a.equals(target.targetTrue()) && !a.equals(target.targetNew()))
                .skip(Math.floorMod(target.id().hashCode(), 7)).findFirst().orElseThrow();
    }

    private static List<Example> examples(Tokenizer tokenizer, List<KnowledgeItem> items) {
        return items.stream().map(i -> Example.completion(tokenizer.encodeWithBos(i.prompt()),
                tokenizer.encodeContinuation(i.prompt(), i.target()), 1f)).toList();
    }

    private static double share(List<Candidate> mixed, Set<Integer> dropped, boolean harmful) {
        int total = 0;
        int hit = 0;
        for (int i = 0; i < mixed.size(); i++) {
            if (mixed.get(i).harmful() == harmful) {
                total++;
                hit += dropped.contains(i) ? 1 : 0;
            }
        }
        return total == 0 ? Double.NaN : hit / (double) total;
    }

    private static String reasons(BeaconSelection selection) {
        Map<BeaconDropReason, Long> counts = selection.dropped().stream()
                .collect(Collectors.groupingBy(BeaconDropped::reason, LinkedHashMap::new, Collectors.counting()));
        return counts.isEmpty() ? "none" : counts.toString();
    }
}
