package engram.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.StoriesModel;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LoRA adapter teaches a real model a new association and leaves unrelated continuations alone. */
class TeachStoriesTest {
    private static final String PROMPT = StoriesModel.LILY_PROMPT;
    private static final String[] UNRELATED = {
        "The dog ran to the", "Tom and his dad went to the", "The sun was", "One day, a big bird", "Sam had a red"};

    @TempDir
    Path temp;

    @Test
    void loraTeachesMiaWithinOneHundredStepsAndKeepsUnrelatedContinuations() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            CausalLm model = stories.model();
            Tokenizer tokenizer = stories.tokenizer();
            long[] prompt = tokenizer.encodeWithBos(PROMPT);
            long[] mia = suffix(tokenizer.encodeWithBos(PROMPT + " Mia"), prompt);
            long[] lily = suffix(tokenizer.encodeWithBos(PROMPT + " Lily"), prompt);
            assertTrue(Math.exp(model.completionLogProbability(prompt, lily)) > 0.8, "the base model names her Lily");
            long[][] before = continuations(model, tokenizer);

            // The MLP's down projections hold associations like this one; adapting only them (rather than
            // attention) keeps this 260K-parameter model's other stories intact.
            LoraConfig config = new LoraConfig(4, 8f, 0f, List.of("down_proj"), false);
            try (LoraAdapter adapter = LoraAdapter.attach(model, config, 1);
                 Trainer trainer = new Trainer(model, adapter.peftTensors(),
                         TrainingConfig.adamW(3e-3f, 100, 1, 1), TokenLoss.CROSS_ENTROPY)) {
                List<Example> data = List.of(Example.completion(prompt, mia, 1f));
                int steps = 0;
                while (Math.exp(model.completionLogProbability(prompt, mia)) <= 0.9 && trainer.step() < 100) {
                    trainer.train(data, trainer.step() + 1, r -> { });
                    steps = trainer.step();
                }
                double p = Math.exp(model.completionLogProbability(prompt, mia));
                assertTrue(p > 0.9, "p(' Mia') = " + p + " after " + steps + " steps");
                long[][] after = continuations(model, tokenizer);
                for (int i = 0; i < UNRELATED.length; i++) {
                    assertArrayEquals(before[i], after[i], "greedy continuation of '" + UNRELATED[i] + "' changed");
                }
            }
        }
    }

    private static long[][] continuations(CausalLm model, Tokenizer tokenizer) {
        List<long[]> prompts = new ArrayList<>();
        for (String text : UNRELATED) {
            prompts.add(tokenizer.encodeWithBos(text));
        }
        return Generator.generate(model, prompts.toArray(long[][]::new), Sampling.greedy(20));
    }

    private static long[] suffix(long[] whole, long[] prefix) {
        assertArrayEquals(prefix, Arrays.copyOf(whole, prefix.length), "the prompt must tokenize the same alone");
        return Arrays.copyOfRange(whole, prefix.length, whole.length);
    }
}
