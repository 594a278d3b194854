package engram.bench;

import ai.djl.ndarray.NDManager;
import engram.model.Architecture;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.lora.LoraConfig;
import engram.train.Example;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The model shapes the benchmarks train, shared with the PyTorch peer ({@code scripts/bench/torch_peer.py}
 * builds the same three from the same numbers): GPT-2 small, a small Llama, and the embedded world model.
 */
final class BenchShapes {
    static final int BATCH = 4;
    static final int SEQUENCE = 128;
    static final Path EMBEDDED = Path.of("models/engram-world");

    private BenchShapes() {}

    /** {@code gpt2-small}, {@code small} or {@code embedded}. */
    static ModelConfig config(String shape) {
        return switch (shape) {
            case "gpt2-small" -> new ModelConfig(Architecture.GPT2, "GPT2LMHeadModel", 50257, 768, 3072, 12, 12, 12,
                    64, 1024, 0f, 1e-5f, true, true, 50256, 50256);
            case "small" -> new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM", 4096, 256, 1024, 6, 4, 4, 64, 256,
                    10000f, 1e-5f, true, false, 1, 2);
            case "embedded" -> ModelConfig.fromHuggingFace(EMBEDDED.resolve("config.json"));
            default -> throw new IllegalArgumentException("shape must be gpt2-small, small or embedded, got " + shape);
        };
    }

    /** Sequence length a shape trains on: 128, or the embedded model's own context when shorter. */
    static int sequence(String shape) {
        return Math.min(SEQUENCE, config(shape).maxPositions());
    }

    /** The embedded model with its committed weights; the other shapes freshly initialised. */
    static CausalLm model(String shape, NDManager root) {
        if (shape.equals("embedded")) {
            return CausalLm.load(EMBEDDED, root);
        }
        return CausalLm.initialise(config(shape), 1, root);
    }

    /** {@code count} random sequences of {@code length} tokens whose every token after the first is a target. */
    static List<Example> randomExamples(int vocab, int count, int length) {
        SplittableRandom random = new SplittableRandom(5);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] tokens = random.longs(length, 0, vocab).toArray();
            boolean[] target = new boolean[length];
            Arrays.fill(target, 1, length, true);
            out.add(new Example(tokens, target, 1f));
        }
        return out;
    }

    /** The suite's LoRA: rank 8, alpha 16 on the attention projections (GPT-2's c_attn and attn.c_proj). */
    static LoraConfig loraConfig(CausalLm model) {
        List<String> targets = model.config().architecture() == Architecture.GPT2
                ? List.of("attn.c_attn", "attn.c_proj") : LoraConfig.ATTENTION;
        return new LoraConfig(8, 16f, 0f, targets, false);
    }
}
