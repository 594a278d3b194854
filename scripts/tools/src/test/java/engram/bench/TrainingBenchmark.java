package engram.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.model.Architecture;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training-step throughput (forward + backward + AdamW on every parameter) next to this machine's fp32
 * matmul peak measured in the same process, plus peak RSS against the bytes of weights, gradients and
 * AdamW moments. Run through {@code scripts/benchmark-training.sh}, one JVM per shape so that peak RSS
 * belongs to one shape. Not a test: it asserts nothing and prints ratios.
 */
public final class TrainingBenchmark {
    private static final int WARMUP = 2;
    private static final int TIMED = 5;

    private TrainingBenchmark() {}

    /** Arguments: {@code gpt2-small} or {@code small}. */
    public static void main(String[] args) throws IOException {
        String shape = args.length > 0 ? args[0] : "small";
        ModelConfig config = shape.equals("gpt2-small")
                ? gpt2(50257, 768, 12, 12)
                : new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM", 4096, 256, 1024, 6, 4, 4, 64, 256,
                        10000f, 1e-5f, true, false, 1, 2);
        int batch = 4;
        int sequence = 128;
        try (NDManager root = NDManager.newBaseManager()) {
            double peak = matmulPeak(root);
            try (CausalLm model = CausalLm.initialise(config, 1, root)) {
                long params = model.parameterCount();
                List<Example> data = randomExamples(config.vocabSize(), batch, sequence);
                TrainingConfig tc = TrainingConfig.adamW(1e-4f, WARMUP + TIMED, batch, 1);
                try (Trainer trainer = new Trainer(model, model.parameters(), tc, TokenLoss.CROSS_ENTROPY)) {
                    trainer.train(data, WARMUP, r -> { });
                    long start = System.nanoTime();
                    trainer.train(data, WARMUP + TIMED, r -> { });
                    double seconds = (System.nanoTime() - start) / 1e9 / TIMED;
                    report(shape, config, params, batch, sequence, seconds, peak);
                }
            }
        }
    }

    private static ModelConfig gpt2(int vocab, int width, int layers, int heads) {
        return new ModelConfig(Architecture.GPT2, "GPT2LMHeadModel", vocab, width, 4 * width, layers, heads, heads,
                width / heads, 1024, 0f, 1e-5f, true, true, vocab - 1, vocab - 1);
    }

    private static void report(String shape, ModelConfig c, long params, int batch, int sequence, double seconds,
                               double peak) throws IOException {
        long tokens = (long) batch * sequence;
        double gflop = flopsPerStep(c, batch, sequence) / 1e9;
        double achieved = gflop / seconds;
        double stateBytes = 16.0 * params; // fp32 weights + gradients + two AdamW moments
        double rss = peakRssBytes();
        System.out.printf("shape=%s params=%.1fM tokens/step=%d%n", shape, params / 1e6, tokens);
        System.out.printf("  step %.3f s  %.0f tokens/s  %.1f GFLOP/s  matmul peak %.1f GFLOP/s  ratio %.2f%n",
                seconds, tokens / seconds, achieved, peak, achieved / peak);
        System.out.printf("  peak RSS %.2f GiB  weights+grads+AdamW %.2f GiB  ratio %.2f%n",
                rss / (1L << 30), stateBytes / (1L << 30), rss / stateBytes);
    }

    /**
     * Matmul FLOPs of one training step: 6 per parameter of every linear map and the LM head per token
     * (2 forward, 4 backward), plus the attention products {@code QK^T} and {@code AV}, 3 x 4 T^2 d per layer.
     */
    static double flopsPerStep(ModelConfig c, int batch, int sequence) {
        double d = c.hiddenSize();
        double attentionParams = d * c.headSize() * (c.numberOfHeads() + 2.0 * c.numberOfKvHeads()) + d * d;
        double mlpParams = (c.architecture() == Architecture.LLAMA ? 3 : 2) * d * c.intermediateSize();
        double linear = c.numberOfLayers() * (attentionParams + mlpParams) + (double) c.vocabSize() * d;
        double tokens = (double) batch * sequence;
        double attention = 3 * 4.0 * sequence * sequence * d * c.numberOfLayers() * batch;
        return 6 * linear * tokens + attention;
    }

    /** Best of several 2048^3 fp32 matmuls through the same engine. */
    static double matmulPeak(NDManager root) {
        int n = 2048;
        double best = 0;
        try (NDManager scope = root.newSubManager()) {
            NDArray a = scope.randomNormal(new Shape(n, n));
            NDArray b = scope.randomNormal(new Shape(n, n));
            for (int i = 0; i < 8; i++) {
                long start = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0); // forces completion
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
            }
        }
        return best;
    }

    private static List<Example> randomExamples(int vocab, int count, int length) {
        SplittableRandom random = new SplittableRandom(5);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] tokens = random.longs(length, 0, vocab).toArray();
            boolean[] target = new boolean[length];
            java.util.Arrays.fill(target, 1, length, true);
            out.add(new Example(tokens, target, 1f));
        }
        return out;
    }

    private static double peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Double.NaN;
    }
}
