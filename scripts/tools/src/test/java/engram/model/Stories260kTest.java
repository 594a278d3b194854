package engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import engram.TestData;
import engram.model.io.Llama2c;
import engram.model.io.Llama2cModel;
import engram.model.io.Llama2cTokenizer;
import engram.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real trained model: stories260K from llama2.c. Greedy decoding from BOS must print exactly what
 * llama2.c's {@code run.c} prints (200 tokens after BOS, then a newline), from the llama2.c files and
 * again from the Hugging Face folder our writer makes of them.
 */
class Stories260kTest {
    private static final int BOS = 1;

    @TempDir
    Path temp;

    @Test
    void greedyDecodingFromTheLlama2cFileMatchesRunC() throws Exception {
        String expected = Files.readString(TestData.shared("stories260K/reference_greedy_200.txt"));
        Path tokenizerJson = temp.resolve("tokenizer.json");
        Llama2cTokenizer.writeHuggingFaceJson(TestData.shared("stories260K/tok512.bin"), 512, tokenizerJson);
        for (String file : new String[] {"stories260K.bin", "checkpoint_v1.bin"}) {
            try (NDManager root = NDManager.newBaseManager();
                 Llama2cModel source = Llama2c.read(TestData.shared("stories260K/" + file));
                 CausalLm model = CausalLm.load(source.config(), source.weights(), root);
                 Tokenizer tokenizer = Tokenizer.load(tokenizerJson, source.config())) {
                assertEquals(expected, runC(model, tokenizer), file);
            }
        }
    }

    @Test
    void greedyDecodingAfterConversionToAHuggingFaceFolderMatchesRunC() throws Exception {
        String expected = Files.readString(TestData.shared("stories260K/reference_greedy_200.txt"));
        Path folder = temp.resolve("stories260K-hf");
        try (NDManager root = NDManager.newBaseManager();
             Llama2cModel source = Llama2c.read(TestData.shared("stories260K/stories260K.bin"));
             CausalLm model = CausalLm.load(source.config(), source.weights(), root)) {
            CausalLm.save(model, folder);
        }
        Llama2cTokenizer.writeHuggingFaceJson(TestData.shared("stories260K/tok512.bin"), 512, folder.resolve("tokenizer.json"));
        try (NDManager root = NDManager.newBaseManager();
             CausalLm model = CausalLm.load(folder, root);
             Tokenizer tokenizer = Tokenizer.load(folder, model.config())) {
            assertEquals("LlamaForCausalLM", model.config().hfClassName());
            assertEquals(expected, runC(model, tokenizer));
        }
    }

    /** run.c's generate(): 200 positions from BOS, each producing the next token, stop before a BOS, newline at the end. */
    private static String runC(CausalLm model, Tokenizer tokenizer) {
        long[] tokens = Generator.generate(model, new long[][] {{BOS}}, Sampling.greedy(200))[0];
        int end = 0;
        while (end < tokens.length && tokens[end] != BOS) {
            end++;
        }
        return tokenizer.decode(Arrays.copyOf(tokens, end)) + "\n";
    }
}
