package engram.world;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.model.Architecture;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.model.io.AtomicFiles;
import engram.tokenizer.BpeTrainer;
import engram.tokenizer.Tokenizer;
import engram.tokenizer.TrainedTokenizer;
import engram.train.Example;
import engram.train.Schedule;
import engram.train.StepReport;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Pretrains a tiny Llama-architecture model from scratch on a {@link Corpus} and writes a Hugging Face
 * folder: {@code config.json}, {@code model.safetensors}, {@code tokenizer.json} and the measured
 * {@code knowledge.json}. Everything is a function of the spec's seed; training stops at the end of the
 * first epoch whose probe accuracy reaches the spec's target, so the same seed gives the same model.
 */
public final class Pretraining {
    private static final List<String> SPECIAL_TOKENS = List.of("<|bos|>", "<|eos|>", "<|pad|>");
    private static final int MAX_POSITIONS = 128;
    private static final int PROGRESS_EVERY = 50;

    private Pretraining() {}

    /** Runs the whole pretraining and returns the knowledge card it wrote. */
    public static ObjectNode run(Corpus corpus, PretrainingSpec spec, Path out, PrintStream log) throws IOException {
        spec.validate();
        Files.createDirectories(out);
        long started = System.currentTimeMillis();
        Engine.getInstance().setRandomSeed((int) spec.seed());
        TrainedTokenizer trained = BpeTrainer.train(corpus.tokenizerTexts(),
                new BpeTrainer.Options(spec.vocabularySize(), 2, SPECIAL_TOKENS));
        trained.write(out.resolve("tokenizer.json"));
        ModelConfig config = modelConfig(spec, trained.vocabulary().size());
        log.printf("corpus %s: %,d documents; tokenizer %,d tokens; model %s%n", corpus.name(),
                corpus.trainingDocuments().size(), trained.vocabulary().size(), config);
        try (NDManager root = NDManager.newBaseManager();
             Tokenizer tokenizer = Tokenizer.load(out.resolve("tokenizer.json"), config);
             CausalLm model = CausalLm.initialise(config, spec.seed(), root)) {
            List<Example> examples = examples(corpus.trainingDocuments(), tokenizer);
            long tokensPerEpoch = examples.stream().mapToLong(e -> e.tokens().length).sum();
            int stepsPerEpoch = (examples.size() + spec.batchSize() - 1) / spec.batchSize();
            TrainingConfig training = new TrainingConfig(spec.learningRate(), 0f, 0.9f, 0.98f, 1e-8f, 1f,
                    Schedule.COSINE, Math.max(1, stepsPerEpoch * spec.maxEpochs() / 50), stepsPerEpoch * spec.maxEpochs(),
                    spec.batchSize(), 1, spec.seed(), true);
            int epochs = train(model, tokenizer, corpus, examples, training, stepsPerEpoch, spec, log);
            long seconds = (System.currentTimeMillis() - started) / 1000;
            CausalLm.save(model, out);
            ObjectNode trainingFacts = new ObjectMapper().createObjectNode()
                    .put("seed", spec.seed()).put("epochs", epochs).put("steps", epochs * stepsPerEpoch)
                    .put("training_tokens", epochs * tokensPerEpoch).put("seconds", seconds);
            trainingFacts.set("spec", new ObjectMapper().valueToTree(spec));
            ObjectNode card = KnowledgeCard.build(model, tokenizer, corpus, trainingFacts);
            writeJson(out.resolve("knowledge.json"), card);
            log.println("knowledge card: " + card.get("probes") + " perplexity " + card.get("perplexity_held_out"));
            return card;
        }
    }

    private static int train(CausalLm model, Tokenizer tokenizer, Corpus corpus, List<Example> examples,
                             TrainingConfig config, int stepsPerEpoch, PretrainingSpec spec, PrintStream log) {
        Map.Entry<String, List<Probe>> watched = corpus.probeSets().entrySet().iterator().next();
        List<Probe> watchSample = KnowledgeCard.sample(watched.getValue());
        long started = System.currentTimeMillis();
        try (Trainer trainer = new Trainer(model, model.parameters(), config, TokenLoss.CROSS_ENTROPY)) {
            for (int epoch = 1; epoch <= spec.maxEpochs(); epoch++) {
                trainer.train(examples, epoch * stepsPerEpoch, r -> progress(r, started, log));
                KnowledgeCard.Accuracy accuracy = KnowledgeCard.measure(model, tokenizer, watchSample);
                log.printf("epoch %d/%d: %s exact match %.3f, token accuracy %.3f (sample of %d)%n", epoch,
                        spec.maxEpochs(), watched.getKey(), accuracy.exactMatch(), accuracy.tokenAccuracy(), accuracy.items());
                if (accuracy.exactMatch() >= spec.stopAccuracy()) {
                    return epoch;
                }
            }
            return spec.maxEpochs();
        }
    }

    private static void progress(StepReport r, long started, PrintStream log) {
        if (r.step() % PROGRESS_EVERY != 0 && r.step() != r.totalSteps()) {
            return;
        }
        double seconds = (System.currentTimeMillis() - started) / 1000.0;
        double eta = seconds / r.step() * (r.totalSteps() - r.step());
        log.printf("  step %,d/%,d  loss %.4f  lr %.2e  %.0f s elapsed, at most %.0f s to go%n", r.step(),
                r.totalSteps(), r.loss(), r.learningRate(), seconds, eta);
    }

    private static List<Example> examples(List<String> documents, Tokenizer tokenizer) {
        List<Example> out = new ArrayList<>(documents.size());
        for (String document : documents) {
            long[] withBos = tokenizer.encodeWithBos(document);
            long[] tokens = Arrays.copyOf(withBos, withBos.length + 1);
            tokens[withBos.length] = tokenizer.eos();
            if (tokens.length > MAX_POSITIONS) {
                tokens = Arrays.copyOf(tokens, MAX_POSITIONS); // the rare over-long document loses its end
            }
            boolean[] target = new boolean[tokens.length];
            Arrays.fill(target, 1, tokens.length, true);
            out.add(new Example(tokens, target, 1f));
        }
        return out;
    }

    private static ModelConfig modelConfig(PretrainingSpec spec, int vocabularySize) {
        return new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM", vocabularySize, spec.hiddenSize(),
                spec.intermediateSize(), spec.layers(), spec.heads(), spec.kvHeads(), spec.hiddenSize() / spec.heads(),
                MAX_POSITIONS, 10000f, 1e-5f, true, false, SPECIAL_TOKENS.indexOf("<|bos|>"),
                SPECIAL_TOKENS.indexOf("<|eos|>"));
    }

    private static void writeJson(Path file, ObjectNode node) throws IOException {
        AtomicFiles.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }
}
