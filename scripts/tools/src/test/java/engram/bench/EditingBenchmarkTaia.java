package engram.bench;

import static engram.bench.EditingBenchmarkTables.PLAIN;
import static engram.bench.EditingBenchmarkTables.since;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.eval.EditEvaluation;
import engram.eval.EditEvaluation.Scores;
import engram.eval.EvalReports;
import engram.knowledge.TeacherForcing;
import engram.knowledge.KnowledgeItem;
import engram.lora.TaiaFullFineTune;
import engram.lora.TaiaLora;
import engram.lora.TaiaMode;
import engram.lora.TaiaView;
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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TAIA (docs/methods.md §5) under distribution mismatch: new facts are trained phrased only as questions
 * ({@code "Q: Where was X born? A:" → new}) and tested as cloze ({@code "X was born in" → new}, the edit prompt)
 * and on the held-out paraphrases. Compared: LoRA on every linear map (vanilla inference and TAIA inference),
 * LoRA on attention only (TOA), and a full fine-tune (vanilla and TAIA). General ability is the accuracy on true
 * facts never trained on and the perplexity of held-out sentences.
 */
final class EditingBenchmarkTaia {
    static final List<String> COLUMNS = List.of("efficacy", "generalization", "train_form", "locality", "ES", "PS",
            "retained_facts", "held_out_ppl", "seconds");
    private static final int QUESTION_TEMPLATE = 4;              // the first question template (in pretraining)
    private static final int EPOCHS = 20;
    private static final int MIN_STEPS = 60;
    private static final int BATCH = 16;
    private static final LoraConfig ALL = new LoraConfig(8, 16f, 0f, LoraConfig.ALL_LINEAR, false);
    private static final LoraConfig ATTENTION = new LoraConfig(8, 16f, 0f, LoraConfig.ATTENTION, false);
    private static final float LORA_RATE = 3e-3f;
    private static final float FULL_RATE = 3e-4f;

    private EditingBenchmarkTaia() {}

    /** The shared inputs of every condition. */
    private record Setup(Tokenizer tokenizer, List<KnowledgeItem> targets, List<Example> questions,
                         List<KnowledgeItem> questionProbes, EditEvaluation.LocalityBaseline baseline,
                         List<KnowledgeItem> retention, List<String> heldOut) {}

    /**
     * Runs the comparison.
     *
     * @param folder    the model's checkpoint (a fresh copy is loaded for the full fine-tune)
     * @param targets   the new facts (counterfactual edit items)
     * @param retention true facts never trained on
     * @param heldOut   sentences in held-out templates, for perplexity
     */
    static EvalReport run(CausalLm model, Tokenizer tokenizer, Path folder, List<KnowledgeItem> targets,
                          List<KnowledgeItem> retention, List<String> heldOut, long seed, Manifest manifest,
                          PrintStream log) {
        List<KnowledgeItem> questionProbes = targets.stream().map(t -> {
            Relation relation = Relation.valueOf(t.relation().toUpperCase(Locale.ROOT));
            String prompt = relation.templates().get(QUESTION_TEMPLATE).prompt(t.subject());
            return new KnowledgeItem(t.id(), t.subject(), t.relation(), prompt, t.targetTrue(), t.targetNew(), null,
                    null, null, null, null, t.source());
        }).toList();
        List<Example> questions = questionProbes.stream().map(q -> Example.completion(tokenizer.encodeWithBos(q.prompt()),
                tokenizer.encodeContinuation(q.prompt(), q.targetNew()), 1f)).toList();
        Setup setup = new Setup(tokenizer, targets, questions, questionProbes,
                EditEvaluation.baseline(model, tokenizer, targets, PLAIN), retention, heldOut);
        int steps = Math.max(MIN_STEPS, (int) Math.ceil(EPOCHS * (double) questions.size() / BATCH));

        Map<String, Scores> scores = new LinkedHashMap<>();
        Map<String, Map<String, Double>> extra = new LinkedHashMap<>();
        measure(model, setup, "base model", scores, extra, Double.NaN);
        for (LoraConfig lora : List.of(ALL, ATTENTION)) {
            long start = System.nanoTime();
            try (LoraAdapter adapter = LoraAdapter.attach(model, lora, seed)) {
                train(model, adapter.peftTensors(), setup, TrainingConfig.adamW(LORA_RATE, steps, BATCH, seed), adapter);
                double took = since(start);
                if (lora == ATTENTION) {
                    measure(model, setup, "LoRA attention only (TOA)", scores, extra, took);
                } else {
                    try (TaiaLora view = TaiaView.lora(adapter)) {
                        measure(model, setup, "LoRA all linear, vanilla", scores, extra, took);
                        view.use(TaiaMode.TAIA);
                        measure(model, setup, "LoRA all linear, TAIA", scores, extra, took);
                    }
                }
            }
            log.printf(Locale.ROOT, "  LoRA %s: %d steps, %.0f s%n", lora.targets(), steps, since(start));
        }
        long start = System.nanoTime();
        try (NDManager root = NDManager.newBaseManager(); CausalLm tuned = CausalLm.load(folder, root);
             TaiaFullFineTune view = TaiaView.beforeFullFineTune(tuned)) {
            train(tuned, tuned.parameters(), setup, TrainingConfig.adamW(FULL_RATE, steps, BATCH, seed), null);
            double took = since(start);
            measure(tuned, setup, "full fine-tune, vanilla", scores, extra, took);
            view.useTaia();
            measure(tuned, setup, "full fine-tune, TAIA", scores, extra, took);
        }
        log.printf(Locale.ROOT, "  full fine-tune: %d steps, %.0f s%n", steps, since(start));
        List<String> notes = List.of(
                targets.size() + " new facts (counterfactual objects) trained only as questions (\"Q: <question> A:\"), "
                        + "tested as cloze: efficacy on the edit prompt, generalization on the two held-out templates "
                        + "(a statement and another question); train_form = token accuracy on the training questions",
                String.format(Locale.ROOT, "LoRA r=%d alpha=%.0f, AdamW lr %.0e; full fine-tune AdamW lr %.0e; %d steps "
                        + "of %d examples each (%d epochs, at least %d steps)", ALL.rank(), ALL.alpha(), LORA_RATE,
                        FULL_RATE, steps, BATCH, EPOCHS, MIN_STEPS),
                "TAIA: LoRA keeps only the attention adapters at inference; full fine-tune reverts the FFN matrices to "
                        + "the base and keeps every other tuned tensor (pixas/TAIA_LLM, docs/methods.md 5.2)",
                "retained_facts = token accuracy of " + retention.size() + " true facts never trained on (cloze); "
                        + "held_out_ppl = perplexity of " + heldOut.size() + " sentences in held-out templates");
        EvalReport report = EvalReports.edits("TAIA: question-form training, cloze tests", manifest, scores,
                Map.of(), List.of(), notes);
        return EditingBenchmarkTables.trimItems(EditingBenchmarkTables.withColumns(report, extra), 10);
    }

    private static void train(CausalLm model, Map<String, NDArray> parameters, Setup setup,
                              TrainingConfig config, LoraAdapter adapter) {
        try (Trainer trainer = new Trainer(model, parameters, config, TokenLoss.CROSS_ENTROPY)) {
            if (adapter != null) {
                adapter.training(true);
            }
            trainer.train(setup.questions(), r -> { });
            if (adapter != null) {
                adapter.training(false);
            }
        }
    }

    private static void measure(CausalLm model, Setup s, String name, Map<String, Scores> scores,
                                Map<String, Map<String, Double>> extra, double seconds) {
        scores.put(name, EditEvaluation.evaluate(model, s.tokenizer(), s.targets(), s.baseline(), PLAIN));
        double trainForm = TeacherForcing.scoreTexts(model, s.tokenizer(),
                s.questionProbes().stream().map(KnowledgeItem::prompt).toList(),
                s.questionProbes().stream().map(KnowledgeItem::targetNew).toList(), 64)
                .stream().mapToDouble(TeacherForcing.Score::tokenAccuracy).average().orElse(Double.NaN);
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("train_form", trainForm);
        values.put("retained_facts", EditingBenchmarkTables.factAccuracy(model, s.tokenizer(), s.retention()));
        values.put("held_out_ppl", EditingBenchmarkTables.perplexity(model, s.tokenizer(), s.heldOut()));
        values.put("seconds", seconds);
        extra.put(name, values);
    }
}
