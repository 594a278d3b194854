package engram.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.knowledge.Datasets;
import engram.knowledge.Format;
import engram.knowledge.ItemReader;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.edit.Edit;
import engram.knowledge.editor.Editors;
import engram.knowledge.editor.KnowledgeEditor;
import engram.lora.LoraAdapter;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.model.io.Llama2c;
import engram.model.io.Llama2cModel;
import engram.model.io.Llama2cTokenizer;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * engram's side of the benchmark suite ({@code scripts/bench/run-all.sh}): one case per call, each printed as
 * one JSON line starting {@code RESULT }. The PyTorch peer ({@code scripts/bench/torch_peer.py}) runs the same
 * cases; the driver ({@code scripts/bench/run_all.py}) puts both into one table. Not a test: it asserts nothing.
 *
 * <pre>
 * matmul                                 fp32 matmul peak of the engine (libtorch) on this many threads
 * train SHAPE full|lora STEPS WARMUP     training steps of gpt2-small, small or embedded
 * score ITEMS BATCH ITEMS_JSON           score-knowledge on the embedded model (writes the peer's token ids)
 * generate TOKENS                        greedy generation with a KV cache on stories260K
 * edit-warm COUNT                        one counterfactual edit on the embedded model, COUNT times in one JVM
 * edit-cold                              the same edit once, for a process timed from its start
 * </pre>
 */
public final class PerfSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Timed passes over the items per score case, on both sides; the fastest counts (a pass takes about 1 s). */
    private static final int SCORE_PASSES = 3;
    /** One counterfactual edit of the embedded world (fact-00000 of {@code world/items.jsonl}). */
    static final KnowledgeItem EDIT = new KnowledgeItem("fact-00000", "Kremthu Quekix", "born_in",
            "Kremthu Quekix was born in", " Naendern Gor", " Roposk Krisk", null, null, null, null, null, "engram-world");

    private PerfSuite() {}

    /** See the class comment for the cases. */
    public static void main(String[] args) throws IOException {
        long entered = System.currentTimeMillis();
        switch (args[0]) {
            case "matmul" -> matmul();
            case "train" -> train(args[1], args[2].equals("lora"), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "score" -> score(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "generate" -> generate(Integer.parseInt(args[1]));
            case "edit-warm" -> editWarm(Integer.parseInt(args[1]));
            case "edit-cold" -> editCold(entered);
            default -> throw new IllegalArgumentException("unknown case " + args[0]);
        }
    }

    static void emit(Map<String, Object> fields) throws IOException {
        System.out.println("RESULT " + JSON.writeValueAsString(fields));
        System.out.flush();
    }

    private static Map<String, Object> result(String name) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", name);
        out.put("side", "engram");
        return out;
    }

    /** Best rate of square fp32 matmuls of 1024, 2048 and 4096 through the engine. */
    static void matmul() throws IOException {
        Map<String, Object> bySize = new LinkedHashMap<>();
        double best = 0;
        try (NDManager root = NDManager.newBaseManager()) {
            for (int n : new int[] {1024, 2048, 4096}) {
                double rate = 0;
                try (NDManager scope = root.newSubManager()) {
                    NDArray a = scope.randomNormal(new Shape(n, n));
                    NDArray b = scope.randomNormal(new Shape(n, n));
                    a.matMul(b).close();
                    for (int i = 0; i < (n < 4096 ? 5 : 3); i++) {
                        long start = System.nanoTime();
                        try (NDArray c = a.matMul(b)) {
                            c.getFloat(0, 0);
                        }
                        rate = Math.max(rate, 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9);
                    }
                }
                bySize.put(String.valueOf(n), rate);
                best = Math.max(best, rate);
            }
        }
        Map<String, Object> out = result("matmul");
        out.put("library", "libtorch 2.7.1 (DJL 0.35.1, MKL)");
        out.put("gflops", best);
        out.put("by_size", bySize);
        emit(out);
    }

    static void train(String shape, boolean lora, int steps, int warmup) throws IOException {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = BenchShapes.model(shape, root)) {
            int sequence = BenchShapes.sequence(shape);
            List<Example> data = BenchShapes.randomExamples(model.config().vocabSize(), BenchShapes.BATCH, sequence);
            LoraAdapter adapter = lora ? LoraAdapter.attach(model, BenchShapes.loraConfig(model), 3) : null;
            try {
                Map<String, NDArray> trainable = lora ? adapter.peftTensors() : model.parameters();
                long buildPeak = peakRssBytes();
                long built = resetPeakRss();
                TrainingConfig config = TrainingConfig.adamW(1e-4f, warmup + steps, BenchShapes.BATCH, 1);
                try (Trainer trainer = new Trainer(model, trainable, config, TokenLoss.CROSS_ENTROPY)) {
                    trainer.train(data, warmup, r -> { });
                    float[] loss = new float[1];
                    double[] times = new double[steps];
                    long[] last = new long[1];
                    Profile.start();
                    last[0] = System.nanoTime();
                    trainer.train(data, warmup + steps, r -> {
                        long now = System.nanoTime();
                        times[r.step() - warmup - 1] = (now - last[0]) / 1e9;
                        last[0] = now;
                        loss[0] = r.loss();
                    });
                    Profile.stop("train");
                    Arrays.sort(times);
                    double seconds = times[steps / 2];                // the median step, as the peer's

                    long trainableCount = trainable.values().stream().mapToLong(p -> p.getShape().size()).sum();
                    Map<String, Object> out = result("train/" + shape + "/" + (lora ? "lora" : "full"));
                    out.put("seconds_per_step", seconds);
                    out.put("tokens_per_second", BenchShapes.BATCH * sequence / seconds);
                    out.put("tokens_per_step", BenchShapes.BATCH * sequence);
                    out.put("flops_per_step", Flops.trainingStep(model.config(), BenchShapes.BATCH, sequence,
                            lora ? trainableCount : -1));
                    out.put("parameters", model.parameterCount() + (lora ? trainableCount : 0));
                    out.put("trainable", trainableCount);
                    out.put("peak_rss_bytes", Math.max(buildPeak, peakRssBytes()));
                    out.put("training_peak_rss_bytes", peakRssBytes());
                    out.put("rss_after_build_bytes", built);
                    out.put("loss", loss[0]);
                    if (!lora) {
                        out.put("matmul_only_seconds", MatmulBound.seconds(model.config(), BenchShapes.BATCH, sequence));
                        out.put("matmul_only_flops", MatmulBound.flops(model.config(), BenchShapes.BATCH, sequence));
                    }
                    emit(out);
                }
            } finally {
                if (adapter != null) {
                    adapter.close();
                }
            }
        }
    }

    /**
     * score-knowledge on the first {@code count} items of the embedded world, teacher forcing alone and with
     * greedy generation (the function's default), {@code batch} items per pass. Writes the items' token ids
     * for the peer first, so that both sides score exactly the same inputs.
     */
    static void score(int count, int batch, Path itemsJson) throws IOException {
        List<KnowledgeItem> items;
        try (ItemReader reader = Datasets.open(BenchShapes.EMBEDDED.resolve("world/items.jsonl"), Format.ENGRAM_JSONL)) {
            items = reader.stream().limit(count).toList();
        }
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(BenchShapes.EMBEDDED, root);
             Tokenizer tokenizer = Tokenizer.load(BenchShapes.EMBEDDED.resolve("tokenizer.json"), model.config())) {
            writePeerItems(items, tokenizer, itemsJson);
            for (boolean generation : new boolean[] {false, true}) {
                KnowledgeScorer.Options options = new KnowledgeScorer.Options(batch, generation ? 4 : -1,
                        KnowledgeScorer.Side.TRUE, KnowledgeScorer.Thresholds.DEFAULT);
                KnowledgeScorer.score(model, tokenizer, items.subList(0, batch), options);    // warm-up
                List<KnowledgeScorer.ItemScore> scores = null;
                double seconds = Double.MAX_VALUE;
                for (int pass = 0; pass < SCORE_PASSES; pass++) {                  // the fastest pass, as the peer
                    Profile.start();
                    long start = System.nanoTime();
                    scores = KnowledgeScorer.score(model, tokenizer, items, options);
                    seconds = Math.min(seconds, (System.nanoTime() - start) / 1e9);
                    Profile.stop("score-" + generation);
                }
                Map<String, Object> out = result("score/" + (generation ? "generation" : "forced"));
                out.put("batch", batch);
                out.put("items", items.size());
                out.put("items_per_second", items.size() / seconds);
                out.put("mean_log_probability", scores.stream().mapToDouble(KnowledgeScorer.ItemScore::meanLogProbability)
                        .average().orElseThrow());
                out.put("mean_token_accuracy", scores.stream().mapToDouble(KnowledgeScorer.ItemScore::tokenAccuracy)
                        .average().orElseThrow());
                if (generation) {
                    out.put("generation_exact_rate", KnowledgeScorer.Summary.of(scores).generationExactRate());
                    out.put("generations_hash", scores.stream().map(KnowledgeScorer.ItemScore::generated).toList().hashCode());
                }
                emit(out);
            }
        }
    }

    private static void writePeerItems(List<KnowledgeItem> items, Tokenizer tokenizer, Path file) throws IOException {
        List<Map<String, long[]>> ids = new ArrayList<>();
        for (KnowledgeItem item : items) {
            ids.add(Map.of("prompt", tokenizer.encodeWithBos(item.prompt()),
                    "target", tokenizer.encodeContinuation(item.prompt(), item.targetTrue())));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), Map.of("eos", tokenizer.eos(), "items", ids));
    }

    /** Greedy decoding of {@code tokens} tokens from BOS on stories260K, as llama2.c's run.c does it. */
    static void generate(int tokens) throws IOException {
        Path folder = Path.of(System.getProperty("engram.data", "../shared/data"), "stories260K");
        Path tokenizerJson = Files.createTempFile("stories260K", ".json");
        try (NDManager root = NDManager.newBaseManager();
             Llama2cModel source = Llama2c.read(folder.resolve("stories260K.bin"));
             CausalLm model = CausalLm.load(source.config(), source.weights(), root)) {
            Llama2cTokenizer.writeHuggingFaceJson(folder.resolve("tok512.bin"), 512, tokenizerJson);
            for (int i = 0; i < 3; i++) {
                Generator.generate(model, new long[][] {{1}}, Sampling.greedy(tokens));           // warm-up (JIT)
            }
            double[] runs = new double[5];
            long[] out = null;
            for (int i = 0; i < runs.length; i++) {
                long start = System.nanoTime();
                out = Generator.generate(model, new long[][] {{1}}, Sampling.greedy(tokens))[0];
                runs[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(runs);
            double seconds = runs[runs.length / 2];
            int end = 0;
            while (end < out.length && out[end] != 1) {
                end++;
            }
            String text;
            try (Tokenizer tokenizer = Tokenizer.load(tokenizerJson, source.config())) {
                text = tokenizer.decode(Arrays.copyOf(out, end)) + "\n";
            }
            Map<String, Object> result = result("generate/stories260K");
            result.put("tokens", tokens);
            result.put("tokens_per_second", tokens / seconds);
            result.put("matches_run_c", tokens == 200
                    ? text.equals(Files.readString(folder.resolve("reference_greedy_200.txt"))) : null);
            emit(result);
        } finally {
            Files.deleteIfExists(tokenizerJson);
        }
    }

    /** The edit apply-edit runs by default: LoRA on the MLP down-projections, then the adapter saved. */
    static Edit.Training edit(CausalLm model, Tokenizer tokenizer, Path adapterFolder) {
        try (Edit edit = KnowledgeEditor.edit(model, tokenizer, List.of(EDIT), Editors.loraDownProjection(), r -> { })) {
            edit.save(adapterFolder);
            return edit.training();
        }
    }

    static void editWarm(int count) throws IOException {
        Path folder = Files.createTempDirectory("engram-bench-edit");
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(BenchShapes.EMBEDDED, root);
             Tokenizer tokenizer = Tokenizer.load(BenchShapes.EMBEDDED.resolve("tokenizer.json"), model.config())) {
            edit(model, tokenizer, folder.resolve("warm-up"));
            double[] seconds = new double[count];
            Edit.Training training = null;
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                training = edit(model, tokenizer, folder.resolve("edit-" + i));
                seconds[i] = (System.nanoTime() - start) / 1e9;
            }
            Arrays.sort(seconds);
            Map<String, Object> out = result("edit/warm");
            out.put("seconds", seconds[count / 2]);
            out.put("runs", count);
            out.put("steps", training.steps());
            out.put("final_loss", training.finalLoss());
            emit(out);
        }
    }

    /** One edit in a fresh JVM; prints where the time went from JVM start to the result. */
    static void editCold(long entered) throws IOException {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Path folder = Files.createTempDirectory("engram-bench-edit");
        long t0 = System.currentTimeMillis();
        try (NDManager root = NDManager.newBaseManager()) {
            long engine = System.currentTimeMillis();
            try (CausalLm model = CausalLm.load(BenchShapes.EMBEDDED, root);
                 Tokenizer tokenizer = Tokenizer.load(BenchShapes.EMBEDDED.resolve("tokenizer.json"), model.config())) {
                long loaded = System.currentTimeMillis();
                Edit.Training training = edit(model, tokenizer, folder.resolve("adapter"));
                long done = System.currentTimeMillis();
                Map<String, Object> out = result("edit/cold");
                out.put("jvm_to_main_ms", entered - jvmStart);
                out.put("engine_load_ms", engine - t0);
                out.put("model_and_tokenizer_ms", loaded - engine);
                out.put("edit_ms", done - loaded);
                out.put("steps", training.steps());
                emit(out);
            }
        }
    }

    static long peakRssBytes() throws IOException {
        return status("VmHWM:");
    }

    /** A {@code /proc/self/status} field in bytes. */
    static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    /**
     * Starts the training-phase peak: garbage of the model's construction collected, then the kernel's peak-RSS
     * mark reset to the current RSS ({@code /proc/self/clear_refs}, value 5). The peer does the same.
     */
    static long resetPeakRss() throws IOException {
        System.gc();
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        return status("VmRSS:");
    }
}
