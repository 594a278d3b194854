package engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our forward pass against an independent PyTorch reference ({@code scripts/golden_reference.py}):
 * padded batches, per-token log-probs, hidden states and KV-cached greedy decoding.
 */
class GoldenLogitsTest {
    private static final float TOLERANCE = 1e-4f;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-gpt2"})
    void logitsLogProbsAndHiddenStatesMatchTheReference(String name) throws Exception {
        Path folder = TestData.resource("golden/" + name);
        JsonNode golden = new ObjectMapper().readTree(folder.resolve("golden.json").toFile());
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             NDManager scope = root.newSubManager()) {
            long[][] ids = longs(golden.get("input_ids"));
            NDArray input = scope.create(ids);                                       // (B, T)
            NDArray mask = scope.create(longs(golden.get("attention_mask")));          // (B, T)
            ForwardOutput out = model.forward(Forward.of(input).masked(mask).capturing(Set.of(0)));
            float[] logits = out.logits().toFloatArray();
            int vocab = model.config().vocabSize();
            int steps = ids[0].length;
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < steps; t++) {
                    JsonNode expected = golden.get("logits").get(b).get(t);
                    if (!expected.isNull()) {
                        float[] actual = slice(logits, (b * steps + t) * vocab, vocab);
                        assertArrayEquals(floats(expected), actual, TOLERANCE, name + " logits at [" + b + "," + t + "]");
                    }
                }
            }
            float[] logProbs = model.tokenLogProbs(input, mask).toFloatArray();
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < steps - 1; t++) {
                    JsonNode expected = golden.get("log_probs").get(b).get(t);
                    if (!expected.isNull()) {
                        assertEquals(expected.floatValue(), logProbs[b * (steps - 1) + t], TOLERANCE,
                                name + " log-prob at [" + b + "," + t + "]");
                    }
                }
            }
            float[] hidden = out.traces().get(0).residual().get(0).toFloatArray();
            float[] expectedHidden = new float[hidden.length];
            int width = model.config().hiddenSize();
            for (int t = 0; t < steps; t++) {
                System.arraycopy(floats(golden.get("hidden_states").get(t)), 0, expectedHidden, t * width, width);
            }
            assertArrayEquals(expectedHidden, hidden, TOLERANCE, name + " residual stream after layer 0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-gpt2"})
    void cachedGreedyDecodingMatchesTheReference(String name) throws Exception {
        Path folder = TestData.resource("golden/" + name);
        JsonNode golden = new ObjectMapper().readTree(folder.resolve("golden.json").toFile());
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = CausalLm.load(folder, root)) {
            long[] prompt = longs(golden.get("greedy_prompt"))[0];
            long[] expected = longs(golden.get("greedy"))[0];
            long[][] generated = Generator.generate(model, new long[][] {prompt}, Sampling.greedy(expected.length));
            assertArrayEquals(expected, generated[0], name + " greedy continuation");
            long[] shorter = java.util.Arrays.copyOf(prompt, 2);
            long[][] batch = Generator.generate(model, new long[][] {prompt, shorter}, Sampling.greedy(expected.length));
            assertArrayEquals(expected, batch[0], "a left-padded batch must not change a row's greedy tokens");
            assertArrayEquals(Generator.generate(model, new long[][] {shorter}, Sampling.greedy(expected.length))[0],
                    batch[1], "the padded row decodes as it does alone");
        }
    }

    private static long[][] longs(JsonNode node) {
        if (!node.get(0).isArray()) {
            long[] row = new long[node.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = node.get(i).asLong();
            }
            return new long[][] {row};
        }
        long[][] out = new long[node.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = longs(node.get(i))[0];
        }
        return out;
    }

    private static float[] floats(JsonNode node) {
        float[] out = new float[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).floatValue();
        }
        return out;
    }

    private static float[] slice(float[] values, int from, int length) {
        return java.util.Arrays.copyOfRange(values, from, from + length);
    }


    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-gpt2"})
    void logitsAtChosenRowsAreThoseRowsOfTheFullLogits(String name) throws Exception {
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(TestData.resource("golden/" + name), root)) {
            NDArray ids = root.create(new long[] {5, 6, 7, 8, 9, 10, 11, 12}).reshape(2, 4);
            NDArray full = model.logits(ids).reshape(8, -1);                                  // (B*T, V)
            long[] rows = {6, 1, 2, 7};
            NDArray chosen = model.forward(Forward.of(ids).logitsAtRows(rows)).logits();     // (4, V)
            assertEquals(new ai.djl.ndarray.types.Shape(4, full.getShape().get(1)), chosen.getShape());
            for (int i = 0; i < rows.length; i++) {
                assertArrayEquals(full.get(rows[i]).toFloatArray(), chosen.get(i).toFloatArray(), 1e-5f, "row " + rows[i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Forward(null, null, null, null,
                Forward.LogitPositions.ROWS, null));
    }
}
