package engram.bench;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.Architecture;
import engram.model.CausalLm;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * Writes PyTorch's operator profile (a Chrome trace) of training steps, for finding where a step's time
 * goes: {@code scripts/bench/profile-step.sh}. A development tool, not part of the benchmark table.
 */
public final class StepProfile {
    private StepProfile() {}

    /** Arguments: {@code shape full|lora steps output.json}. */
    public static void main(String[] args) {
        String shape = args[0];
        boolean lora = args[1].equals("lora");
        int steps = Integer.parseInt(args[2]);
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = BenchShapes.model(shape, root)) {
            int sequence = BenchShapes.sequence(shape);
            List<Example> data = BenchShapes.randomExamples(model.config().vocabSize(), BenchShapes.BATCH, sequence);
            LoraAdapter adapter = lora ? LoraAdapter.attach(model, loraConfig(model), 3) : null;
            Map<String, ai.djl.ndarray.NDArray> trainable = lora ? adapter.peftTensors() : model.parameters();
            TrainingConfig tc = TrainingConfig.adamW(1e-4f, 2 + steps, BenchShapes.BATCH, 1);
            try (Trainer trainer = new Trainer(model, trainable, tc, TokenLoss.CROSS_ENTROPY)) {
                trainer.train(data, 2, r -> { });
                JniUtils.startProfile(false, true, false);
                long start = System.nanoTime();
                trainer.train(data, 2 + steps, r -> { });
                double seconds = (System.nanoTime() - start) / 1e9 / steps;
                JniUtils.stopProfile(args[3]);
                System.out.printf("%s %s: %.3f s/step (profiled)%n", shape, args[1], seconds);
            } finally {
                if (adapter != null) {
                    adapter.close();
                }
            }
        }
    }

    static LoraConfig loraConfig(CausalLm model) {
        List<String> targets = model.config().architecture() == Architecture.GPT2
                ? List.of("attn.c_attn", "attn.c_proj") : LoraConfig.ATTENTION;
        return new LoraConfig(8, 16f, 0f, targets, false);
    }
}
