package engram.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import engram.TestData;
import engram.tokenizer.Tokenizer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A real Hugging Face GPT-2 folder (random weights, the real GPT-2 tokenizer) loads and runs. */
class FakeGpt2Test {

    @Test
    void loadsTheCheckpointAndItsTokenizerRoundTripsText() {
        Path folder = TestData.shared("fake_gpt2");
        String text = "Hello world! The capital of France is Paris, isn't it? naïve café 123";
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = Tokenizer.load(folder, model.config())) {
            assertEquals(Architecture.GPT2, model.config().architecture());
            assertEquals(50257, model.config().vocabSize());
            long[] ids = tokenizer.encode(text);
            assertArrayEquals(new long[] {15496, 995, 0}, java.util.Arrays.copyOf(ids, 3),
                    "GPT-2's byte-level BPE: 'Hello', ' world', '!'");
            assertEquals(text, tokenizer.decode(ids));
            try (NDManager scope = root.newSubManager()) {
                float[] logits = model.logits(scope.create(ids).expandDims(0)).toFloatArray();
                assertEquals(ids.length * 50257L, logits.length);
                for (float value : logits) {
                    assertTrue(Float.isFinite(value));
                }
            }
        }
    }
}
