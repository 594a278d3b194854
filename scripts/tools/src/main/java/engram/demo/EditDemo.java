package engram.demo;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.eval.EditEvaluation;
import engram.eval.EvalReports;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.lora.LoraSettings;
import engram.knowledge.editor.Editors;
import engram.knowledge.editor.KnowledgeEditor;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.report.ReportWriter;
import engram.report.Versions;
import engram.tokenizer.Tokenizer;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo on the embedded default: loads the committed world model, shows what it knows about a handful of
 * facts, rewrites them with one LoRA edit (counterfactual objects), evaluates the edit the way EasyEdit does
 * (efficacy, held-out paraphrases, neighbours, two-hop portability), and writes the adapter (PEFT files),
 * {@code report.json} and {@code report.html} under the output folder.
 */
public final class EditDemo {
    private static final int EDITS = 10;
    private static final long SEED = 42;

    private EditDemo() {}

    /** Arguments: {@code [model folder=models/engram-world] [output folder=target/demo]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "models/engram-world");
        Path out = Path.of(args.length > 1 ? args[1] : "target/demo");
        JsonNode card = new ObjectMapper().readTree(folder.resolve("knowledge.json").toFile());
        long worldSeed = card.get("training").get("seed").asLong();
        List<KnowledgeItem> items = pick(World.generate(WorldSpec.standard(worldSeed)).editItems());
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = Tokenizer.load(folder.resolve("tokenizer.json"), ModelConfig.fromHuggingFace(folder))) {
            System.out.printf("model %s: %,d parameters; knows %.1f %% of its world's facts (knowledge.json)%n",
                    folder, model.parameterCount(),
                    100 * card.get("probes").get("pretraining_templates").get("exactMatch").asDouble());
            showKnowledge(model, tokenizer, items);

            EditEvaluation.Options evaluation = new EditEvaluation.Options(32, EDITS, 30, 5, SEED);
            EditEvaluation.LocalityBaseline baseline = EditEvaluation.baseline(model, tokenizer, items, evaluation);
            EditEvaluation.Scores before = EditEvaluation.evaluate(model, tokenizer, items, baseline, evaluation);
            EditConfig config = Editors.loraDownProjection().withSeed(SEED);
            System.out.printf("%nediting %d facts at once: %s, rank %d on %s, %d steps at most%n", items.size(),
                    config.method(), config.settings(LoraSettings.class).rank(), config.settings(LoraSettings.class).targets(), config.steps());
            try (Edit edit = KnowledgeEditor.edit(model, tokenizer, items, config, r -> System.out.printf(
                    "  step %3d/%d  loss %.4f%n", r.step(), r.totalSteps(), r.loss()))) {
                EditEvaluation.Scores after = EditEvaluation.evaluate(model, tokenizer, items, baseline, evaluation);
                printTable(before, after);
                showKnowledge(model, tokenizer, items);
                Path adapter = out.resolve("adapter");
                String adapterHash = edit.save(adapter);
                Map<String, EditEvaluation.Scores> byMethod = new LinkedHashMap<>();
                byMethod.put("base model", before);
                byMethod.put("LoRA edit", after);
                Manifest manifest = Manifest.of("demo", "demo", folder.resolve("model.safetensors"), adapter,
                        new Manifest.Settings(Map.of("method", config.method().name(), "rank",
                                String.valueOf(config.settings(LoraSettings.class).rank()), "steps", String.valueOf(config.steps()),
                                "learning_rate", String.valueOf(config.learningRate()), "edits", String.valueOf(EDITS)),
                                Map.of("edit", SEED, "world", worldSeed), Versions.detect()));
                EvalReport report = EvalReports.edits("engram demo: " + EDITS + " counterfactual edits", manifest,
                        byMethod, Map.of(), List.of(), List.of("locality compares the neighbours' predictions with "
                                + "the unedited model's own (EasyEdit); generalization uses templates never seen in "
                                + "pretraining"));
                new ReportWriter().write(report, out);
                System.out.printf("%nadapter (PEFT files, sha256 %s): %s%nreport: %s%n", adapterHash.substring(0, 12),
                        adapter, out.resolve(ReportWriter.HTML_FILE));
            }
        }
    }

    /** {@value #EDITS} edits of distinct subjects, drawn with a fixed seed. */
    private static List<KnowledgeItem> pick(List<KnowledgeItem> all) {
        List<KnowledgeItem> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(SEED));
        List<KnowledgeItem> out = new ArrayList<>();
        java.util.Set<String> subjects = new java.util.HashSet<>();
        for (KnowledgeItem item : shuffled) {
            if (out.size() < EDITS && subjects.add(item.subject())) {
                out.add(item);
            }
        }
        return out;
    }

    private static void showKnowledge(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items) {
        List<KnowledgeScorer.ItemScore> scores = KnowledgeScorer.score(model, tokenizer, items.subList(0, 3),
                KnowledgeScorer.Options.DEFAULT);
        for (int i = 0; i < scores.size(); i++) {
            KnowledgeItem item = items.get(i);
            System.out.printf("  %s…%s   (true:%s, new:%s)%n", item.prompt(), scores.get(i).generated(),
                    item.targetTrue(), item.targetNew());
        }
    }

    private static void printTable(EditEvaluation.Scores before, EditEvaluation.Scores after) {
        System.out.printf("%n%-20s %10s %10s%n", "metric", "before", "after");
        Map<String, Double> a = after.metrics();
        before.metrics().forEach((name, value) -> System.out.printf("%-20s %10.3f %10.3f%n", name, value, a.get(name)));
    }
}
