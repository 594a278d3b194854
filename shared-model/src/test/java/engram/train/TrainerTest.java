package engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.TestData;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path temp;

    @Test
    void resumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() {
        TrainingConfig config = TrainingConfig.adamW(1e-2f, 8, 2, 7).withSchedule(Schedule.COSINE, 2).withWeightDecay(0.01f);
        List<Example> data = examples(6, 9);
        float[] straight;
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), config, TokenLoss.CROSS_ENTROPY)) {
            adapter.training(true);
            trainer.train(data, r -> { });
            straight = flatten(adapter.trainableParameters());
        }
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root)) {
            try (LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, false), 1);
                 Trainer first = new Trainer(model, adapter.peftTensors(), config, TokenLoss.CROSS_ENTROPY)) {
                adapter.training(true);
                first.train(data, 3, r -> { });
                TrainingCheckpoint.save(first, temp.resolve("ckpt"));
            }
            try (LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, false), 99);
                 Trainer resumed = new Trainer(model, adapter.peftTensors(), config, TokenLoss.CROSS_ENTROPY)) {
                adapter.training(true);
                TrainingCheckpoint.restore(resumed, temp.resolve("ckpt"));
                assertEquals(3, resumed.step());
                resumed.train(data, r -> { });
                assertArrayEquals(straight, flatten(adapter.trainableParameters()), "resume must be bit-exact");
            }
        }
    }

    @Test
    void accumulatingTwoHalfBatchesEqualsOneFullBatch() {
        List<Example> data = examples(4, 8);
        float[] full = trainOneStep(TrainingConfig.adamW(1e-2f, 1, 4, 3), data);
        float[] accumulated = trainOneStep(TrainingConfig.adamW(1e-2f, 1, 2, 3).withAccumulation(2), data);
        assertArrayEquals(full, accumulated, 1e-6f);
    }

    @Test
    void gradientsAreZeroAfterEveryStepAndLossFalls() {
        List<Example> data = examples(2, 8);
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(2e-2f, 30, 2, 1), TokenLoss.CROSS_ENTROPY)) {
            List<StepReport> reports = new ArrayList<>();
            trainer.train(data, r -> {
                reports.add(r);
                for (NDArray p : adapter.trainableParameters()) {
                    try (NDArray g = p.getGradient()) {
                        assertEquals(0f, g.abs().sum().getFloat(), "gradients must be zeroed after step " + r.step());
                    }
                }
            });
            assertEquals(30, reports.size());
            assertTrue(reports.get(29).loss() < reports.get(0).loss() * 0.5, "loss should fall: " + reports.get(0).loss()
                    + " -> " + reports.get(29).loss());
        }
    }

    /**
     * PyTorch's grad mode is per thread and on by default; a worker thread that never started the engine would fail
     * the optimiser's in-place update of a leaf unless the library turns it off itself. The thread here turns it on
     * first, as a fresh thread has it, so the test fails if {@link Trainer} stops doing so.
     */
    @Test
    void trainsOnAThreadWhoseGradModeIsOn() throws Exception {
        List<Example> data = examples(2, 6);
        Throwable[] failure = new Throwable[1];
        float[] losses = new float[2];
        Thread worker = new Thread(() -> {
            try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
                 LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ATTENTION_QV, false), 1);
                 Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(2e-2f, 10, 2, 1),
                         TokenLoss.CROSS_ENTROPY)) {
                ai.djl.pytorch.jni.JniUtils.setGradMode(true);
                trainer.train(data, r -> losses[r.step() == 1 ? 0 : 1] = r.loss());
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        worker.start();
        worker.join();
        if (failure[0] != null) {
            throw new AssertionError("training on a worker thread failed", failure[0]);
        }
        assertTrue(losses[1] < losses[0], "loss falls on the worker thread: " + losses[0] + " -> " + losses[1]);
    }

    @Test
    void nonFiniteLossRaisesTheTypedError() {
        TokenLoss poisoned = (logits, targets, weights) -> TokenLoss.CROSS_ENTROPY.sum(logits, targets, weights)
                .mul(logits.getManager().full(new Shape(), Float.NaN));
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ATTENTION_QV, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(1e-2f, 5, 2, 1), poisoned)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> trainer.train(examples(2, 6), r -> { }));
            assertEquals(0, e.step());
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void lengthGroupingBatchesExamplesOfEqualLengthTogether() {
        List<Example> data = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            long[] tokens = new long[4 + i / 2];                  // lengths 4..35, each twice
            java.util.Arrays.fill(tokens, 3 + i % 90);
            tokens[0] = i;                                        // identifies the example
            data.add(Example.completion(new long[] {tokens[0]}, java.util.Arrays.copyOfRange(tokens, 1, tokens.length), 1f));
        }
        List<Long> seen = new ArrayList<>();
        long[] padding = {0};
        // 32 steps of 2 = one epoch = one group of 32 batches: sorted by length, each batch is one pair
        TokenLoss recording = (logits, targets, weights) -> {
            long[] shape = targets.getShape().getShape();
            float[] w = weights.toFloatArray();
            long real = 0;
            for (float v : w) {
                real += v > 0 ? 1 : 0;
            }
            padding[0] += shape[0] * shape[1] - real;
            return TokenLoss.CROSS_ENTROPY.sum(logits, targets, weights);
        };
        TrainingConfig config = TrainingConfig.adamW(1e-4f, 32, 2, 5).groupingByLength();
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(2, 4f, 0f, LoraConfig.ATTENTION_QV, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), config, (logits, targets, weights) -> {
                 seen.add(0L);
                 return recording.sum(logits, targets, weights);
             })) {
            trainer.train(data, r -> { });
        }
        assertEquals(32, seen.size());
        assertEquals(0, padding[0], "pairs of equal length must be batched together");
    }

    @Test
    void schedulesWarmUpThenDecay() {
        assertEquals(0.5f, Schedule.COSINE.rate(1f, 0, 2, 10), 1e-6f);
        assertEquals(1f, Schedule.COSINE.rate(1f, 2, 2, 10), 1e-6f);
        assertEquals(0.5f, Schedule.COSINE.rate(1f, 6, 2, 10), 1e-6f);
        assertEquals(0.5f, Schedule.LINEAR.rate(1f, 6, 2, 10), 1e-6f);
        assertEquals(1f, Schedule.CONSTANT.rate(1f, 9, 2, 10), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.adamW(-1f, 1, 1, 1).validate());
    }

    private float[] trainOneStep(TrainingConfig config, List<Example> data) {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false), 1);
             Trainer trainer = new Trainer(model, adapter.peftTensors(), config, TokenLoss.CROSS_ENTROPY)) {
            trainer.train(data, r -> { });
            return flatten(adapter.trainableParameters());
        }
    }

    static CausalLm tiny(NDManager root) {
        return CausalLm.load(TestData.resource("golden/tiny-llama"), root);
    }

    /** {@code count} examples of {@code length} tokens; the second half of each is the target. */
    static List<Example> examples(int count, int length) {
        SplittableRandom random = new SplittableRandom(11);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long[] prompt = random.longs(length / 2, 3, 96).toArray();
            long[] completion = random.longs(length - length / 2, 3, 96).toArray();
            out.add(Example.completion(prompt, completion, 1f));
        }
        return out;
    }

    static float[] flatten(List<NDArray> arrays) {
        Map<Integer, float[]> parts = new LinkedHashMap<>();
        int total = 0;
        for (int i = 0; i < arrays.size(); i++) {
            parts.put(i, arrays.get(i).toFloatArray());
            total += parts.get(i).length;
        }
        float[] out = new float[total];
        int at = 0;
        for (float[] part : parts.values()) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
