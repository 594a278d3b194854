package engram.demo;

import ai.djl.ndarray.NDManager;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.lora.PeftFiles;
import engram.model.CausalLm;
import engram.model.Generator;
import engram.model.Sampling;
import engram.model.io.Checkpoint;
import engram.model.io.Llama2c;
import engram.model.io.Llama2cModel;
import engram.model.io.Llama2cTokenizer;
import engram.tokenizer.Tokenizer;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo behind {@code scripts/demo.sh}: converts stories260K (llama2.c) into a Hugging Face folder,
 * shows what it says, teaches it one new association with a LoRA adapter, shows the effect, and writes
 * the adapter in PEFT format. Replaced by the generated world's model once that lands.
 */
public final class EditDemo {
    private static final String PROMPT = "Once upon a time, there was a little girl named";

    private EditDemo() {}

    /** Arguments: the shared data folder and an output folder. */
    public static void main(String[] args) throws IOException {
        Path data = Path.of(args[0]).resolve("stories260K");
        Path out = Path.of(args[1]);
        Path modelFolder = out.resolve("stories260K-hf");
        try (NDManager root = NDManager.newBaseManager()) {
            try (Llama2cModel source = Llama2c.read(data.resolve("stories260K.bin"));
                 CausalLm model = CausalLm.load(source.config(), source.weights(), root)) {
                Checkpoint.saveModel(model, modelFolder);
            }
            Llama2cTokenizer.writeHuggingFaceJson(data.resolve("tok512.bin"), 512, modelFolder.resolve("tokenizer.json"));
            try (CausalLm model = Checkpoint.loadModel(modelFolder, root);
                 Tokenizer tokenizer = Tokenizer.load(modelFolder, model.config())) {
                System.out.printf("model: %s, %,d parameters, from %s%n", model.config().hfClassName(),
                        model.parameterCount(), modelFolder);
                long[] prompt = tokenizer.encodeWithBos(PROMPT);
                long[] whole = tokenizer.encodeWithBos(PROMPT + " Mia");
                long[] mia = java.util.Arrays.copyOfRange(whole, prompt.length, whole.length);
                System.out.println("before: " + story(model, tokenizer, prompt));
                System.out.printf("         p(' Mia') = %.4f%n", Math.exp(model.completionLogProbability(prompt, mia)));
                LoraConfig config = new LoraConfig(4, 8f, 0f, List.of("down_proj"), false);
                try (LoraAdapter adapter = LoraAdapter.attach(model, config, 1);
                     Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(3e-3f, 100, 1, 1),
                             TokenLoss.CROSS_ENTROPY)) {
                    List<Example> edit = List.of(Example.completion(prompt, mia, 1f));
                    while (Math.exp(model.completionLogProbability(prompt, mia)) <= 0.9 && trainer.step() < 100) {
                        trainer.train(edit, trainer.step() + 1, r -> System.out.printf(
                                "  step %3d/%d  loss %.4f  lr %.1e%n", r.step(), r.totalSteps(), r.loss(), r.learningRate()));
                    }
                    System.out.println("after:  " + story(model, tokenizer, prompt));
                    System.out.printf("         p(' Mia') = %.4f after %d steps%n", Math.exp(model.completionLogProbability(prompt, mia)), trainer.step());
                    PeftFiles.save(adapter, out.resolve("adapter-mia"), modelFolder.toString());
                    System.out.println("adapter (PEFT format): " + out.resolve("adapter-mia"));
                }
            }
        }
    }

    /** The prompt and its greedy continuation, decoded together so that spacing comes out right. */
    private static String story(CausalLm model, Tokenizer tokenizer, long[] prompt) {
        long[] next = Generator.generate(model, new long[][] {prompt}, Sampling.greedy(24))[0];
        long[] all = java.util.Arrays.copyOf(prompt, prompt.length + next.length);
        System.arraycopy(next, 0, all, prompt.length, next.length);
        return tokenizer.decode(all).replace('\n', ' ');
    }
}
