package engram.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeScorer;
import engram.knowledge.KnowledgeScorer.Options;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.tokenizer.Tokenizer;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * score-knowledge throughput on the embedded model: items per second batched (several batch sizes) and one
 * by one, measured side by side in one JVM, teacher forcing alone and with greedy generation. Run through
 * {@code scripts/benchmark-score-knowledge.sh}. Not a test: it prints ratios and asserts nothing.
 */
public final class ScoreKnowledgeBenchmark {
    private ScoreKnowledgeBenchmark() {}

    /** Arguments: {@code [model folder=models/engram-world] [items=1000]}. */
    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "models/engram-world");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long seed = new ObjectMapper().readTree(folder.resolve("knowledge.json").toFile())
                .get("training").get("seed").asLong();
        List<KnowledgeItem> items = World.generate(WorldSpec.standard(seed)).editItems().subList(0, count);
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = Tokenizer.load(folder.resolve("tokenizer.json"),
                     ModelConfig.fromHuggingFace(folder.resolve("config.json")))) {
            System.out.printf("score-knowledge on %s, %d facts, %d threads%n", folder, count,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-22s %8s %12s %10s%n", "mode", "batch", "items/s", "vs 1-by-1");
            for (boolean generate : new boolean[] {false, true}) {
                Options base = generate ? Options.DEFAULT : Options.DEFAULT.withoutGeneration();
                String mode = generate ? "forced + generation" : "teacher forcing";
                KnowledgeScorer.score(model, tokenizer, items.subList(0, 64), base); // warm-up
                double single = itemsPerSecond(model, tokenizer, items.subList(0, Math.min(count, 200)), options(base, 1));
                System.out.printf("%-22s %8d %12.1f %10.2f%n", mode, 1, single, 1.0);
                for (int batch : new int[] {16, 64, 256}) {
                    double rate = itemsPerSecond(model, tokenizer, items, options(base, batch));
                    System.out.printf("%-22s %8d %12.1f %10.2f%n", mode, batch, rate, rate / single);
                }
            }
        }
    }

    private static Options options(Options base, int batch) {
        return new Options(batch, base.extraTokens(), base.side(), base.thresholds());
    }

    private static double itemsPerSecond(CausalLm model, Tokenizer tokenizer, List<KnowledgeItem> items, Options options) {
        long start = System.nanoTime();
        KnowledgeScorer.score(model, tokenizer, items, options);
        return items.size() / ((System.nanoTime() - start) / 1e9);
    }
}
