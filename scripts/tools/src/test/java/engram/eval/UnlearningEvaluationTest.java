package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import engram.model.Architecture;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.tokenizer.BpeTrainer;
import engram.tokenizer.TrainedTokenizer;
import engram.tokenizer.Tokenizer;
import engram.world.BiographyItems;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole evaluation on a random-initialised tiny model and a small generated world. */
class UnlearningEvaluationTest {

    private static final List<String> SPECIALS = List.of("<|bos|>", "<|eos|>");

    @TempDir
    Path dir;

    /** Tokens in the vocabulary {@link #tokenizer(World)} trained last. */
    private int vocabularySize;

    @Test
    void evaluatesEndToEndWithFiguresInRangeAndLeavesNoArraysBehind() throws IOException {
        World world = World.generate(new WorldSpec(7, 60, 12, 3, 8, 24, 20));
        BiographyItems.Split split = BiographyItems.split(world, "forget05", 3, 1);
        UnlearningSets sets = new UnlearningSets(
                new UnlearningSets.ItemSet("forget05", split.forget()),
                List.of(new UnlearningSets.ItemSet("retain", split.retain().subList(0, 12))),
                new UnlearningSets.NeverSeen(new UnlearningSets.ItemSet("holdout", split.holdout())));
        UnlearningEvaluation.Options options = new UnlearningEvaluation.Options(32, 3);
        try (NDManager root = NDManager.newBaseManager(); Tokenizer tokenizer = tokenizer(world)) {
            try (CausalLm model = CausalLm.initialise(config(vocabularySize), 3, root)) {
                UnlearningScores first = UnlearningEvaluation.evaluate(model, tokenizer, sets, options);
                int live = liveArrays(root);
                UnlearningScores second = UnlearningEvaluation.evaluate(model, tokenizer, sets, options);
                assertEquals(live, liveArrays(root), "arrays leaked during an evaluation");

                assertSetInRange(first.forget(), split.forget().size());
                assertSetInRange(first.retain().get(0), 12);
                assertTrue(first.forget().forgetTruthRatio() > 0 && first.forget().forgetTruthRatio() <= 1);
                double retainTruth = first.retain().get(0).retainTruthRatio();
                assertTrue(retainTruth >= 0 && retainTruth < 1, "max(0, 1-R) = " + retainTruth);

                ForgetQuality quality = first.forgetQuality();
                assertEquals(ForgetQuality.Reference.APPROXIMATED, quality.reference());
                assertEquals(split.forget().size(), quality.unlearnedSize());
                assertEquals(split.holdout().size(), quality.referenceSize());
                assertTrue(quality.pValue() >= 0 && quality.pValue() <= 1, "p = " + quality.pValue());
                assertTrue(quality.statistic() >= 0 && quality.statistic() <= 1);

                ModelUtility utility = first.modelUtility();
                assertEquals(3, utility.components().size());
                assertTrue(utility.value() >= 0 && utility.value() <= 1, "utility = " + utility.value());
                for (int i = 0; i < first.forget().truthRatios().size(); i++) {
                    assertEquals(first.forget().truthRatios().get(i).ratio(),
                            second.forget().truthRatios().get(i).ratio(), 1e-9, "deterministic");
                }
            }
        }
    }

    @Test
    void theRetainModelReferenceIsReportedAsExact() throws IOException {
        World world = World.generate(new WorldSpec(7, 60, 12, 3, 8, 24, 20));
        BiographyItems.Split split = BiographyItems.split(world, "forget01", 2, 1);
        try (NDManager root = NDManager.newBaseManager(); Tokenizer tokenizer = tokenizer(world)) {
            try (CausalLm model = CausalLm.initialise(config(vocabularySize), 5, root)) {
                UnlearningSets.ItemSet forget = new UnlearningSets.ItemSet("forget01", split.forget());
                List<UnlearningSets.ItemSet> retain = List.of(new UnlearningSets.ItemSet("retain",
                        split.retain().subList(0, 6)));
                UnlearningEvaluation.Options options = new UnlearningEvaluation.Options(16, 2);
                double[] sameModel = UnlearningEvaluation.score(model, tokenizer, forget, options).ratios();
                UnlearningScores scores = UnlearningEvaluation.evaluate(model, tokenizer,
                        new UnlearningSets(forget, retain, new UnlearningSets.RetainModel(sameModel)), options);
                assertEquals(ForgetQuality.Reference.EXACT, scores.forgetQuality().reference());
                assertEquals(1, scores.forgetQuality().pValue(), 1e-12, "a model compared with itself");
                assertThrows(IllegalArgumentException.class, () -> UnlearningEvaluation.evaluate(model, tokenizer,
                        new UnlearningSets(forget, List.of(), new UnlearningSets.RetainModel(sameModel)), options));
            }
        }
    }

    /** A byte-level BPE tokenizer trained on the world's biography questions and every answer they mention. */
    private Tokenizer tokenizer(World world) throws IOException {
        List<String> corpus = new ArrayList<>();
        for (var items : BiographyItems.items(world, 3, 1).values()) {
            for (var item : items) {
                corpus.add(item.prompt() + item.targetTrue());
                corpus.addAll(item.perturbedTargets());
            }
        }
        TrainedTokenizer trained = BpeTrainer.train(corpus, new BpeTrainer.Options(400, 2, SPECIALS));
        Path json = dir.resolve("tokenizer-" + world.spec().seed() + ".json");
        trained.write(json);
        vocabularySize = trained.vocabulary().size();
        return Tokenizer.load(json, config(vocabularySize));
    }

    /** A two-layer Llama of width 32 with room for 256 positions; BOS and EOS are the first two special tokens. */
    private static ModelConfig config(int vocabulary) {
        return new ModelConfig(Architecture.LLAMA, "LlamaForCausalLM", vocabulary, 32, 64, 2, 4, 2, 8, 256, 10000f,
                1e-5f, false, false, 0, 1);
    }

    private static void assertSetInRange(SetScores set, int items) {
        assertEquals(items, set.items());
        assertEquals(items, set.truthRatios().size(), "every biography item has perturbed answers");
        for (double value : new double[] {set.tokenAccuracy(), set.exactMatch(), set.rougeLRecall(),
            set.answerProbability()}) {
            assertTrue(Double.isFinite(value) && value >= 0 && value <= 1, set.name() + ": " + value);
        }
        for (TruthRatio ratio : set.truthRatios()) {
            assertTrue(Double.isFinite(ratio.logRatio()), set.name() + ": " + ratio);
        }
    }

    private static int liveArrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
