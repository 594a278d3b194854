package engram.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.eval.EvalReports;
import engram.eval.SetScores;
import engram.eval.UnlearningEvaluation;
import engram.eval.UnlearningScores;
import engram.eval.UnlearningSets;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.ItemReader;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.TeacherForcing;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.lora.LoraSettings;
import engram.knowledge.editor.KnowledgeEditor;
import engram.knowledge.unlearn.TaskSubspace;
import engram.knowledge.unlearn.UnlearnConfig;
import engram.knowledge.unlearn.UnlearnMethod;
import engram.knowledge.unlearn.Unlearner;
import engram.knowledge.unlearn.Unlearning;
import engram.knowledge.unlearn.UnlearningRequest;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.report.ReportWriter;
import engram.report.Versions;
import engram.tokenizer.Tokenizer;
import engram.world.BiographyItems;
import engram.world.Probe;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * UNLEARN against gradient ascent, gradient difference and IDK fine-tuning, side by side on the generated world's
 * author biographies (forget01/05/10) and, with {@code --real-facts <folder>}, on TOFU with the real-facts model;
 * then LEARN against a plain LoRA edit for adding the same counterfactual facts. Every method starts from the
 * original weights (the previous change is reverted, bit-exact). Writes report.json/report.html per part and prints
 * markdown tables. Run through {@code scripts/benchmark-unlearning.sh}; not a test.
 *
 * <p>Accuracy is EasyEdit's teacher-forced token accuracy. Forget% = 100·(before − after)/before on the forget set;
 * "retain" is a sample of the other authors disjoint from the keep items UNLEARN/GD/IDK train on; "facts" are
 * pretraining facts of the world (cloze prompts), knowledge unrelated to the biographies.
 */
public final class UnlearningBenchmark {
    private UnlearningBenchmark() {}

    /** Command-line settings. */
    record Settings(Path model, List<String> splits, int keep, int retainEval, int facts, int learnItems,
                    UnlearnConfig config, List<Double> scales, Path out, Path realFacts, Path sharedData,
                    boolean tofuEval, boolean worldPart) {

        static Settings parse(String[] args) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            UnlearnConfig c = UnlearnConfig.defaults()
                    .withScale(Double.parseDouble(a.getOrDefault("scale", "" + UnlearnConfig.defaults().scale())))
                    .withTaskTraining(Float.parseFloat(a.getOrDefault("lr", "" + UnlearnConfig.defaults().learningRate())),
                            Integer.parseInt(a.getOrDefault("steps", "" + UnlearnConfig.defaults().steps())))
                    .withBaselineTraining(
                            Float.parseFloat(a.getOrDefault("baseline-lr", "" + UnlearnConfig.defaults().baselineLearningRate())),
                            Integer.parseInt(a.getOrDefault("baseline-steps", "" + UnlearnConfig.defaults().baselineSteps())))
                    .withEnergy(Double.parseDouble(a.getOrDefault("energy", "" + UnlearnConfig.DEFAULT_ENERGY)));
            return new Settings(Path.of(a.getOrDefault("model", "models/engram-world")),
                    List.of(a.getOrDefault("splits", "forget01,forget05,forget10").split(",")),
                    Integer.parseInt(a.getOrDefault("keep", "200")),
                    Integer.parseInt(a.getOrDefault("retain-eval", "150")),
                    Integer.parseInt(a.getOrDefault("facts", "150")),
                    Integer.parseInt(a.getOrDefault("learn-items", "20")), c,
                    java.util.Arrays.stream(a.getOrDefault("scales", "" + c.scale()).split(","))
                            .map(Double::parseDouble).toList(),
                    Path.of(a.getOrDefault("out", "target/benchmarks/unlearning")),
                    a.containsKey("real-facts") ? Path.of(a.get("real-facts")) : null,
                    Path.of(a.getOrDefault("shared-data", "../shared/data")),
                    Boolean.parseBoolean(a.getOrDefault("tofu-eval", "true")),
                    Boolean.parseBoolean(a.getOrDefault("world", "true")));
        }
    }

    /** Arguments: {@code --model --splits --keep --retain-eval --facts --learn-items --scale --lr --steps
     * --baseline-lr --baseline-steps --energy --scales --out --real-facts --shared-data --tofu-eval --world}, all optional
     * ({@code --world false} runs only the TOFU part);
     * {@code --scale} is the α of the full TOFU evaluation, {@code --scales} the α values UNLEARN is measured at. */
    public static void main(String[] args) throws IOException {
        Settings s = Settings.parse(args);
        if (!s.worldPart()) {
            if (s.realFacts() == null) {
                throw new IllegalArgumentException("--world false runs only the TOFU part, which needs --real-facts");
            }
            tofu(s);
            return;
        }
        long seed = new ObjectMapper().readTree(s.model().resolve("knowledge.json").toFile())
                .get("training").get("seed").asLong();
        World world = World.generate(WorldSpec.standard(seed));
        System.out.printf("# Unlearning benchmark%n%nmodel %s, %d cores, %s%n", s.model(),
                Runtime.getRuntime().availableProcessors(), s.config());
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(s.model(), root);
             Tokenizer tokenizer = load(s.model())) {
            List<KnowledgeItem> facts = factItems(world, s.facts());
            for (String split : s.splits()) {
                BiographyItems.Split items = BiographyItems.split(world, split, 5, 1);
                List<KnowledgeItem> retain = shuffled(items.retain(), 11);
                Part part = new Part("world " + split, items.forget(), retain.subList(0, s.keep()),
                        retain.subList(s.keep(), s.keep() + s.retainEval()), facts,
                        new UnlearningSets.NeverSeen(new UnlearningSets.ItemSet("holdout", items.holdout())));
                runPart(model, tokenizer, part, s, s.out().resolve("world-" + split));
            }
            learnVersusLora(model, tokenizer, world, facts, s);
        }
        if (s.realFacts() != null) {
            tofu(s);
        }
    }

    /** One forget/keep/evaluation layout. */
    record Part(String name, List<KnowledgeItem> forget, List<KnowledgeItem> keep, List<KnowledgeItem> retainEval,
                List<KnowledgeItem> facts, UnlearningSets.ForgetReference reference) {}

    static void runPart(CausalLm model, Tokenizer tokenizer, Part part, Settings s, Path out) {
        System.out.printf("%n## %s: forget %d questions, keep %d, retain-eval %d, facts %d%n%n", part.name(),
                part.forget().size(), part.keep().size(), part.retainEval().size(), part.facts().size());
        UnlearningSets sets = new UnlearningSets(new UnlearningSets.ItemSet("forget", part.forget()),
                List.of(new UnlearningSets.ItemSet("retain", part.retainEval())), part.reference());
        List<String> refusals = Datasets.tofuRefusals(s.sharedData().resolve("tofu/idontknow.jsonl"));
        Map<String, UnlearningScores> scores = new LinkedHashMap<>();
        Map<String, double[]> rows = new LinkedHashMap<>();
        double[] before = measure(model, tokenizer, part);
        rows.put("original", before);
        if (s.tofuEval()) {
            scores.put("original", UnlearningEvaluation.evaluate(model, tokenizer, sets, options()));
        }
        long start = System.nanoTime();
        TaskSubspace subspace = Unlearner.identify(model, tokenizer, new UnlearningRequest(UnlearnMethod.UNLEARN,
                part.forget(), part.keep(), refusals, s.config()), UnlearningBenchmark::progress);
        double identifySeconds = (System.nanoTime() - start) / 1e9;
        printLayers(subspace);
        for (double scale : s.scales()) {
            try (Unlearning u = subspace.apply(model, scale)) {
                double[] after = measure(model, tokenizer, part);
                String name = String.format(Locale.ROOT, "UNLEARN α=%s", scale);
                rows.put(name, new double[] {after[0], after[1], after[2], identifySeconds});
                System.err.printf(Locale.ROOT, "  %s: %s (before %s)%n", name, java.util.Arrays.toString(after),
                        java.util.Arrays.toString(before));
                if (s.tofuEval() && scale == s.config().scale()) {
                    scores.put(name, UnlearningEvaluation.evaluate(model, tokenizer, sets, options()));
                }
                u.remove();
            }
        }
        for (UnlearnMethod method : List.of(UnlearnMethod.GRADIENT_ASCENT, UnlearnMethod.GRADIENT_DIFFERENCE,
                UnlearnMethod.IDK_FINE_TUNING)) {
            start = System.nanoTime();
            UnlearningRequest request = new UnlearningRequest(method, part.forget(), part.keep(), refusals, s.config());
            try (Unlearning u = Unlearner.run(model, tokenizer, request, UnlearningBenchmark::progress)) {
                double seconds = (System.nanoTime() - start) / 1e9;
                double[] after = measure(model, tokenizer, part);
                rows.put(label(method), new double[] {after[0], after[1], after[2], seconds});
                if (s.tofuEval()) {
                    scores.put(label(method), UnlearningEvaluation.evaluate(model, tokenizer, sets, options()));
                }
                u.remove();
            }
            System.err.printf(Locale.ROOT, "  %s done: %s%n", label(method), java.util.Arrays.toString(rows.get(label(method))));
        }
        printTable(rows, scores);
        List<String> notes = List.of("config: " + s.config(), "token accuracy (EasyEdit) of forget, retain-eval"
                + " and facts; UNLEARN rows at each α share one identification (seconds = identification time)");
        EvalReport report = s.tofuEval()
                ? EvalReports.unlearning("Unlearning on " + part.name(), manifest(s), scores, List.of(), notes)
                : new EvalReport("Unlearning on " + part.name(), "unlearning", manifest(s), List.of(), List.of(),
                        List.of(), notes);
        List<EvalReport.Row> metrics = new ArrayList<>();
        for (Map.Entry<String, double[]> e : rows.entrySet()) {
            Map<String, Double> values = new LinkedHashMap<>();
            EvalReport.Row tofuRow = report.metrics().stream().filter(r -> r.method().equals(e.getKey())).findFirst()
                    .orElse(null);
            values.put("forget_token_accuracy", e.getValue()[0]);
            values.put("retain_eval_token_accuracy", e.getValue()[1]);
            values.put("facts_token_accuracy", e.getValue()[2]);
            values.put("seconds", e.getValue().length > 3 ? e.getValue()[3] : Double.NaN);
            if (tofuRow != null) {
                values.putAll(tofuRow.values());
            }
            metrics.add(new EvalReport.Row(e.getKey(), values));
        }
        new ReportWriter().write(new EvalReport(report.title(), report.kind(), report.manifest(), metrics, List.of(),
                List.of(), report.notes()), out);
    }

    /** {forget, retain-eval, facts} token accuracy. */
    static double[] measure(CausalLm model, Tokenizer tokenizer, Part part) {
        return new double[] {accuracy(model, tokenizer, part.forget(), false),
            accuracy(model, tokenizer, part.retainEval(), false), accuracy(model, tokenizer, part.facts(), false)};
    }

    static double accuracy(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, boolean newTarget) {
        List<String> prompts = items.stream().map(KnowledgeItem::prompt).toList();
        List<String> targets = items.stream().map(i -> newTarget ? i.target() : i.targetTrue()).toList();
        return TeacherForcing.scoreTexts(model, tokenizer, prompts, targets, 32).stream()
                .mapToDouble(TeacherForcing.Score::tokenAccuracy).average().orElse(Double.NaN);
    }

    private static void printTable(Map<String, double[]> rows, Map<String, UnlearningScores> scores) {
        double[] base = rows.get("original");
        System.out.printf("%n| method | forget acc | forgotten %% | retain acc | Δ retain | facts acc | Δ facts"
                + " | model utility | forget quality | seconds |%n|---|---|---|---|---|---|---|---|---|---|%n");
        rows.forEach((name, r) -> {
            UnlearningScores t = scores.get(name);
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.1f | %.3f | %+.3f | %.3f | %+.3f | %s | %s | %s |%n", name,
                    r[0], 100 * (base[0] - r[0]) / base[0], r[1], r[1] - base[1], r[2], r[2] - base[2],
                    t == null ? "–" : String.format(Locale.ROOT, "%.3f", t.modelUtility().value()),
                    t == null ? "–" : String.format(Locale.ROOT, "%.2e", t.forgetQuality().pValue()),
                    r.length > 3 ? String.format(Locale.ROOT, "%.0f", r[3]) : "–");
        });
    }

    private static void printLayers(TaskSubspace u) {
        int shared = 0;
        double sharedEnergy = 0;
        int applied = 0;
        for (var layer : u.layers()) {
            shared += layer.keepRank();
            sharedEnergy += layer.sharedEnergy();
            applied += layer.appliedRank();
        }
        int n = u.layers().size();
        System.out.printf(Locale.ROOT, "UNLEARN over %d weights: mean keep rank %.1f, mean shared energy %.3f, "
                + "mean applied rank %.1f; %s%n", n, shared / (double) n, sharedEnergy / n, applied / (double) n,
                u.trainings());
    }

    /** LEARN vs a LoRA edit (KnowledgeEditor, same adapter and budget) on counterfactual world facts. */
    static void learnVersusLora(CausalLm model, Tokenizer tokenizer, World world, List<KnowledgeItem> facts,
                                Settings s) {
        List<KnowledgeItem> edits = shuffled(world.editItems(), 5).subList(0, s.learnItems());
        List<KnowledgeItem> keep = shuffled(world.editItems(), 6).subList(0, s.keep()).stream()
                .filter(i -> !edits.contains(i)).map(i -> KnowledgeItem.fact(i.id(), i.prompt(), i.targetTrue(),
                        i.source())).toList();
        List<KnowledgeItem> neighbours = new ArrayList<>();
        for (KnowledgeItem e : edits) {
            for (KnowledgeItem.Check c : e.neighbours()) {
                neighbours.add(KnowledgeItem.fact(e.id() + "/n" + neighbours.size(), c.prompt(), c.target(), e.source()));
            }
        }
        System.out.printf("%n## LEARN vs LoRA: %d counterfactual facts, keep %d true facts, %d neighbour probes%n%n",
                edits.size(), keep.size(), neighbours.size());
        System.out.printf("| method | efficacy (new target acc) | neighbours acc | facts acc | seconds |%n|---|---|---|---|---|%n");
        double[] base = {accuracy(model, tokenizer, edits, true), accuracy(model, tokenizer, neighbours, false),
            accuracy(model, tokenizer, facts, false)};
        System.out.printf(Locale.ROOT, "| original | %.3f | %.3f | %.3f | – |%n", base[0], base[1], base[2]);
        List<EvalReport.Row> rows = new ArrayList<>();
        rows.add(learnRow("original", base, Double.NaN));
        long start = System.nanoTime();
        try (Unlearning u = Unlearner.run(model, tokenizer,
                new UnlearningRequest(UnlearnMethod.LEARN, edits, keep, List.of(), s.config()), UnlearningBenchmark::progress)) {
            rows.add(row("LEARN", model, tokenizer, edits, neighbours, facts, start));
            u.remove();
        }
        start = System.nanoTime();
        UnlearnConfig c = s.config();
        EditConfig lora = new EditConfig(engram.knowledge.edit.EditMethod.LORA, LoraSettings.of(c.adapter()),
                c.learningRate(), c.steps(), c.batchSize(), 0f, null, c.seed(), false);
        try (Edit edit = KnowledgeEditor.edit(model, tokenizer, edits, lora, p -> { })) {
            rows.add(row("LoRA (KnowledgeEditor)", model, tokenizer, edits, neighbours, facts, start));
            edit.remove();
        }
        new ReportWriter().write(new EvalReport("LEARN vs LoRA on the engram world", "edit", manifest(s), rows,
                List.of(), List.of(), List.of("token accuracy; efficacy = new targets, neighbours = true answers")),
                s.out().resolve("learn-vs-lora"));
    }

    private static EvalReport.Row learnRow(String name, double[] r, double seconds) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("efficacy_token_accuracy", r[0]);
        values.put("neighbours_token_accuracy", r[1]);
        values.put("facts_token_accuracy", r[2]);
        values.put("seconds", seconds);
        return new EvalReport.Row(name, values);
    }

    private static EvalReport.Row row(String name, CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> edits,
                                      List<KnowledgeItem> neighbours, List<KnowledgeItem> facts, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] r = {accuracy(model, tokenizer, edits, true), accuracy(model, tokenizer, neighbours, false),
            accuracy(model, tokenizer, facts, false)};
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.0f |%n", name, r[0], r[1], r[2], seconds);
        return learnRow(name, r, seconds);
    }

    /** TOFU's forget01/05/10 on the real-facts model; retain-eval from retain90, facts from TOFU's world facts. */
    static void tofu(Settings s) throws IOException {
        Path tofu = s.sharedData().resolve("tofu");
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(s.realFacts(), root);
             Tokenizer tokenizer = load(s.realFacts())) {
            int context = model.config().maxPositions();
            List<KnowledgeItem> retain = shuffled(fitting(read(tofu.resolve("retain_perturbed.json")), tokenizer, context), 11);
            List<KnowledgeItem> facts = shuffled(fitting(read(tofu.resolve("world_facts_perturbed.json")), tokenizer, context), 12);
            facts = facts.subList(0, Math.min(s.facts(), facts.size()));
            for (String split : s.splits()) {
                List<KnowledgeItem> forget = fitting(read(tofu.resolve(split + "_perturbed.json")), tokenizer, context);
                List<KnowledgeItem> holdout = read(tofu.resolve(split.replace("forget", "holdout") + ".json"));
                List<KnowledgeItem> keep = shuffled(fitting(read(tofu.resolve("retain" + (100 - Integer.parseInt(split.substring(6)))
                        + ".json")), tokenizer, context), 13).subList(0, s.keep());
                Part part = new Part("TOFU " + split, forget, keep, retain.subList(0, Math.min(s.retainEval(), retain.size())),
                        facts, new UnlearningSets.NeverSeen(new UnlearningSets.ItemSet("holdout",
                                fitting(withPerturbed(holdout, forget), tokenizer, context))));
                runPart(model, tokenizer, part, s, s.out().resolve("tofu-" + split));
            }
        }
    }

    /**
     * The items whose every answer (true, paraphrased, perturbed) fits the model's context after its question:
     * the real-facts model has 128 positions and some TOFU answers are longer (its pretraining cut them off).
     * Prints how many were left out.
     */
    static List<KnowledgeItem> fitting(List<KnowledgeItem> items, Tokenizer tokenizer, int context) {
        List<KnowledgeItem> out = new ArrayList<>();
        for (KnowledgeItem item : items) {
            List<String> answers = new ArrayList<>(item.perturbedTargets());
            answers.add(item.targetTrue());
            if (item.paraphrasedTarget() != null) {
                answers.add(item.paraphrasedTarget());
            }
            int prompt = tokenizer.encodeWithBos(item.prompt()).length;
            if (answers.stream().allMatch(a -> prompt + tokenizer.encodeContinuation(item.prompt(), a).length <= context)) {
                out.add(item);
            }
        }
        if (out.size() < items.size()) {
            System.out.printf("(%d of %d items left out: an answer does not fit the %d-token context)%n",
                    items.size() - out.size(), items.size(), context);
        }
        return out;
    }

    /** holdout*.json has no perturbed answers; borrow the forget set's perturbed answers so the ratio exists. */
    private static List<KnowledgeItem> withPerturbed(List<KnowledgeItem> holdout, List<KnowledgeItem> forget) {
        List<KnowledgeItem> out = new ArrayList<>();
        for (int i = 0; i < holdout.size(); i++) {
            KnowledgeItem h = holdout.get(i);
            KnowledgeItem f = forget.get(i % forget.size());
            out.add(new KnowledgeItem(h.id(), h.subject(), h.relation(), h.prompt(), h.targetTrue(), null, null, null,
                    null, h.paraphrasedTarget(), h.perturbedTargets().isEmpty() ? f.perturbedTargets() : h.perturbedTargets(),
                    h.source()));
        }
        return out;
    }

    static List<KnowledgeItem> read(Path file) {
        try (ItemReader reader = Datasets.open(file, Format.TOFU)) {
            return reader.stream().toList();
        }
    }

    static List<KnowledgeItem> factItems(World world, int count) {
        List<KnowledgeItem> out = new ArrayList<>();
        for (Probe p : shuffled(world.pretrainingProbes(), 3).subList(0, count)) {
            out.add(KnowledgeItem.fact(p.id(), p.prompt(), p.target(), "engram-world"));
        }
        return out;
    }

    static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    static Tokenizer load(Path folder) {
        return Tokenizer.load(folder.resolve("tokenizer.json"), ModelConfig.fromHuggingFace(folder.resolve("config.json")));
    }

    /** Every 20th step on stderr, so a long run shows it is alive. */
    static void progress(engram.knowledge.unlearn.UnlearningProgress p) {
        if (p.step().step() % 20 == 0 || p.step().step() == p.step().totalSteps()) {
            System.err.printf(Locale.ROOT, "  %s step %d/%d loss %.4f (%.0f s)%n", p.phase(), p.step().step(),
                    p.step().totalSteps(), p.step().loss(), p.step().elapsedMillis() / 1e3);
        }
    }

    private static UnlearningEvaluation.Options options() {
        return new UnlearningEvaluation.Options(32, 12);
    }

    private static String label(UnlearnMethod method) {
        return method.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static Manifest manifest(Settings s) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("config", s.config().toString());
        parameters.put("keep", "" + s.keep());
        parameters.put("retain_eval", "" + s.retainEval());
        return new Manifest("benchmark-unlearning", "benchmark", null, null, new java.util.TreeMap<>(parameters),
                new java.util.TreeMap<>(Map.of("unlearn", s.config().seed())), Versions.detect());
    }
}
