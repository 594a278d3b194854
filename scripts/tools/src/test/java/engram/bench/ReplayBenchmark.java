package engram.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.decompress.DialogueTemplate;
import engram.knowledge.decompress.DialogueTree;
import engram.knowledge.decompress.ReplayMix;
import engram.knowledge.decompress.TreeConfig;
import engram.knowledge.decompress.TreeGenerator;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.report.EvalReport;
import engram.report.Manifest;
import engram.report.ReportWriter;
import engram.report.Versions;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import engram.world.BiographyItems;
import engram.world.Entity;
import engram.world.Fact;
import engram.world.Relation;
import engram.world.Template;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * TG-SFT on the embedded world model: learn N counterfactual facts with a LoRA adapter (a) alone, (b) mixed with
 * Tree-Generation replay the model decompressed from itself before training, (c) mixed with the same number of
 * random pretraining documents (the control). Measures acquisition (token accuracy of the new targets) and
 * retention of old knowledge (true facts of subjects that were not edited, and biography answers). Every condition
 * trains the same number of optimiser steps from the same weights. Run through {@code scripts/benchmark-replay.sh};
 * not a test.
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {}

    /** Arguments ({@code --name value}, all optional): model, new-facts, old, ratio, steps, lr, batch, roots, out. */
    public static void main(String[] args) throws IOException {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path folder = Path.of(a.getOrDefault("model", "models/engram-world"));
        int fresh = Integer.parseInt(a.getOrDefault("new-facts", "200"));
        int oldCount = Integer.parseInt(a.getOrDefault("old", "200"));
        double ratio = Double.parseDouble(a.getOrDefault("ratio", "0.5"));
        int steps = Integer.parseInt(a.getOrDefault("steps", "150"));
        float lr = Float.parseFloat(a.getOrDefault("lr", "3e-3"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "16"));
        int roots = Integer.parseInt(a.getOrDefault("roots", "60"));
        Path out = Path.of(a.getOrDefault("out", "target/benchmarks/replay"));
        long seed = new ObjectMapper().readTree(folder.resolve("knowledge.json").toFile()).get("training").get("seed").asLong();
        World world = World.generate(WorldSpec.standard(seed));

        List<KnowledgeItem> edits = UnlearningBenchmark.shuffled(world.editItems(), 21).subList(0, fresh);
        Set<String> edited = new HashSet<>();
        edits.forEach(e -> edited.add(e.subject()));
        List<KnowledgeItem> oldFacts = new ArrayList<>();
        for (Fact f : UnlearningBenchmark.shuffled(world.facts(), 22)) {
            if (!edited.contains(f.subject().name()) && oldFacts.size() < oldCount) {
                Template cloze = f.relation().templates().get(0);
                oldFacts.add(KnowledgeItem.fact(f.id(), cloze.prompt(f.subject().name()), f.target(), "engram-world"));
            }
        }
        List<KnowledgeItem> biographies = UnlearningBenchmark.shuffled(
                BiographyItems.split(world, "forget01", 1, 1).retain(), 23).subList(0, Math.min(oldCount, 100));
        System.out.printf("# Replay benchmark%n%nmodel %s, %d new facts, ratio %s, %d steps, lr %s, batch %d, %d cores%n",
                folder, fresh, ratio, steps, lr, batch, Runtime.getRuntime().availableProcessors());
        Map<String, double[]> rows = new LinkedHashMap<>();
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = UnlearningBenchmark.load(folder)) {
            List<Example> newExamples = examples(tokenizer, edits);
            rows.put("original (no training)", measure(model, tokenizer, edits, oldFacts, biographies, 0, 0));

            long start = System.nanoTime();
            List<Example> tgReplay = treeReplay(model, tokenizer, world, roots, seed);
            double treeSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "TG replay: %d paths from %d roots in %.0f s%n", tgReplay.size(), roots, treeSeconds);
            List<Example> randomReplay = new ArrayList<>();
            for (String doc : UnlearningBenchmark.shuffled(world.pretrainingDocuments(), 24).subList(0, tgReplay.size())) {
                long[] ids = tokenizer.encodeWithBos(doc);
                boolean[] target = new boolean[ids.length];
                Arrays.fill(target, 1, ids.length, true);
                randomReplay.add(new Example(ids, target, 1f));
            }
            Map<String, List<Example>> conditions = new LinkedHashMap<>();
            conditions.put("new facts only", newExamples);
            conditions.put("+ TG replay (ratio " + ratio + ")", ReplayMix.mix(newExamples, tgReplay, ratio, 5));
            conditions.put("+ random-fact replay (ratio " + ratio + ")", ReplayMix.mix(newExamples, randomReplay, ratio, 5));
            for (Map.Entry<String, List<Example>> c : conditions.entrySet()) {
                start = System.nanoTime();
                LoraConfig lora = new LoraConfig(8, 16f, 0f, LoraConfig.ALL_LINEAR, false);
                try (LoraAdapter adapter = LoraAdapter.attach(model, lora, 0);
                     Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(lr, steps, batch, 0),
                             TokenLoss.CROSS_ENTROPY)) {
                    trainer.train(c.getValue(), r -> {
                        if (r.step() % 25 == 0) {
                            System.err.printf(Locale.ROOT, "  %s step %d loss %.3f%n", c.getKey(), r.step(), r.loss());
                        }
                    });
                    double seconds = (System.nanoTime() - start) / 1e9;
                    rows.put(c.getKey(), measure(model, tokenizer, edits, oldFacts, biographies, c.getValue().size(), seconds));
                }
            }
        }
        printAndWrite(rows, out, a);
    }

    /** {new-target acc, old-facts acc, biography acc, examples, seconds}. */
    private static double[] measure(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> edits,
                                    List<KnowledgeItem> oldFacts, List<KnowledgeItem> biographies, int examples,
                                    double seconds) {
        return new double[] {UnlearningBenchmark.accuracy(model, tokenizer, edits, true),
            UnlearningBenchmark.accuracy(model, tokenizer, oldFacts, false),
            UnlearningBenchmark.accuracy(model, tokenizer, biographies, false), examples, seconds};
    }

    /** One question/answer round per root person: three questions from the world's person patterns, one answer each. */
    private static List<Example> treeReplay(CausalLm model, Tokenizer tokenizer, World world, int roots, long seed) {
        List<String> patterns = Arrays.stream(Relation.values()).filter(r -> r.subjectType() == Entity.Type.PERSON)
                .flatMap(r -> r.pretrainingTemplates().stream()).filter(t -> t.kind() == Template.Kind.QUESTION)
                .map(Template::pattern).toList();
        List<String> people = UnlearningBenchmark.shuffled(world.entities().stream()
                .filter(e -> e.type() == Entity.Type.PERSON).map(Entity::name).toList(), 25).subList(0, roots);
        TreeConfig config = TreeConfig.balanced(1, 3, 1, seed).withMaxNewTokens(8);
        List<Example> out = new ArrayList<>();
        for (DialogueTree tree : TreeGenerator.growAll(model, tokenizer, people,
                DialogueTemplate.Completion.questionAnswer(patterns), config)) {
            out.addAll(tree.examples(tokenizer));
        }
        return out;
    }

    private static List<Example> examples(Tokenizer tokenizer, List<KnowledgeItem> items) {
        List<Example> out = new ArrayList<>();
        for (KnowledgeItem i : items) {
            out.add(Example.completion(tokenizer.encodeWithBos(i.prompt()), tokenizer.encodeContinuation(i.prompt(),
                    i.target()), 1f));
        }
        return out;
    }

    private static void printAndWrite(Map<String, double[]> rows, Path out, Map<String, String> args) {
        double[] base = rows.values().iterator().next();
        System.out.printf("%n| condition | new facts acc | old facts acc | Δ old facts | biography acc | Δ biography"
                + " | training examples | seconds |%n|---|---|---|---|---|---|---|---|%n");
        List<EvalReport.Row> metrics = new ArrayList<>();
        rows.forEach((name, r) -> {
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f | %.3f | %+.3f | %.0f | %.0f |%n", name, r[0], r[1],
                    r[1] - base[1], r[2], r[2] - base[2], r[3], r[4]);
            Map<String, Double> values = new LinkedHashMap<>();
            values.put("new_facts_token_accuracy", r[0]);
            values.put("old_facts_token_accuracy", r[1]);
            values.put("biography_token_accuracy", r[2]);
            values.put("training_examples", r[3]);
            values.put("seconds", r[4]);
            metrics.add(new EvalReport.Row(name, values));
        });
        Manifest manifest = new Manifest("benchmark-replay", "benchmark", null, null, new TreeMap<>(args),
                new TreeMap<>(Map.of("training", 0L, "mix", 5L)), Versions.detect());
        new ReportWriter().write(new EvalReport("TG-SFT replay on the engram world", "replay", manifest, metrics,
                List.of(), List.of(), List.of("every condition trains the same number of optimiser steps")), out);
    }
}
