package engram.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.StoriesModel;
import engram.knowledge.KnowledgeScorer.Bucket;
import engram.knowledge.KnowledgeScorer.ItemScore;
import engram.knowledge.KnowledgeScorer.Options;
import engram.knowledge.KnowledgeScorer.Side;
import engram.knowledge.KnowledgeScorer.Thresholds;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** score-knowledge on the real stories260K model, which knows that the little girl is called Lily. */
class KnowledgeScorerTest {
    private static final String PROMPT = StoriesModel.LILY_PROMPT;

    @TempDir
    Path temp;

    @Test
    void bucketsFollowTheThresholds() {
        Thresholds t = new Thresholds(1.0, 0.3, 0.5);
        assertEquals(Bucket.KNOWN, t.classify(1.0, Math.log(0.9)));
        assertEquals(Bucket.PARTLY_KNOWN, t.classify(1.0, Math.log(0.1)), "top-1 but improbable");
        assertEquals(Bucket.PARTLY_KNOWN, t.classify(0.5, Math.log(0.9)));
        assertEquals(Bucket.UNKNOWN, t.classify(0.4, Math.log(0.9)));
        var bad = assertThrows(IllegalArgumentException.class, () -> new Thresholds(0.4, 0.3, 0.5).validate());
        assertTrue(bad.getMessage().contains("partialAccuracy"), bad.getMessage());
        var nan = assertThrows(IllegalArgumentException.class, () -> new Thresholds(Double.NaN, 0.3, 0.5).validate());
        assertTrue(nan.getMessage().contains("knownAccuracy"), nan.getMessage());
    }

    @Test
    void generationMatchesStopAtWordBoundaries() {
        assertTrue(KnowledgeScorer.startsWithWord(" Lily. She", " Lily"));
        assertTrue(KnowledgeScorer.startsWithWord("Lily", " Lily"));
        assertFalse(KnowledgeScorer.startsWithWord(" Lilypad", " Lily"));
        assertFalse(KnowledgeScorer.startsWithWord(" Tim and Lily", " Lily"));
        assertTrue(KnowledgeScorer.contains(" Tim and lily", " Lily"));
        assertFalse(KnowledgeScorer.contains(" Tim", " Lily"));
    }

    @Test
    void knownAndUnknownNamesAreBucketedAndBatchingChangesNothing() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            List<KnowledgeItem> items = List.of(
                    KnowledgeItem.fact("lily", PROMPT, " Lily", "test"),
                    KnowledgeItem.fact("house", "The dog ran to the park. The cat sat on the big red", " car", "test"),
                    KnowledgeItem.fact("spoon", PROMPT, " spoon", "test"));
            List<ItemScore> batched = KnowledgeScorer.score(stories.model(), stories.tokenizer(), items, Options.DEFAULT);
            assertEquals(Bucket.KNOWN, batched.get(0).bucket(), batched.get(0).toString());
            assertTrue(batched.get(0).generationExact(), "greedy decoding says " + batched.get(0).generated());
            assertTrue(Math.exp(batched.get(0).meanLogProbability()) > 0.8);
            assertEquals(0, batched.get(0).firstTokenRank());
            assertEquals(Bucket.UNKNOWN, batched.get(2).bucket(), batched.get(2).toString());
            assertFalse(batched.get(2).generationContains());
            assertTrue(batched.get(2).firstTokenRank() > 0);

            List<ItemScore> single = new ArrayList<>();
            for (KnowledgeItem item : items) {
                single.addAll(KnowledgeScorer.score(stories.model(), stories.tokenizer(), List.of(item),
                        new Options(1, 4, Side.TRUE, Thresholds.DEFAULT)));
            }
            for (int i = 0; i < items.size(); i++) {
                assertEquals(single.get(i).meanLogProbability(), batched.get(i).meanLogProbability(), 1e-4);
                assertEquals(single.get(i).tokenAccuracy(), batched.get(i).tokenAccuracy());
                assertEquals(single.get(i).generated(), batched.get(i).generated(), "left padding changes nothing");
                assertEquals(single.get(i).bucket(), batched.get(i).bucket());
            }
            double sum = 0;
            for (double lp : batched.get(1).tokenLogProbabilities()) {
                sum += lp;
            }
            assertEquals(sum / batched.get(1).tokenLogProbabilities().length, batched.get(1).meanLogProbability(), 1e-9);

            KnowledgeScorer.Summary summary = KnowledgeScorer.Summary.of(batched);
            assertEquals(3, summary.items());
            assertEquals(3, summary.known() + summary.partlyKnown() + summary.unknown());
        }
    }

    @Test
    void scoresTheModelWithAnAdapterAttached() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            KnowledgeItem edit = new KnowledgeItem("mia", "", "", PROMPT, " Lily", " Mia", null, null, null, null,
                    null, "test");
            Options newSide = Options.DEFAULT.scoring(Side.NEW).withoutGeneration();
            assertNotEquals(Bucket.KNOWN, score(stories, edit, newSide).bucket());
            long[] prompt = stories.tokenizer().encodeWithBos(PROMPT);
            long[] mia = stories.tokenizer().encodeContinuation(PROMPT, " Mia");
            LoraConfig config = new LoraConfig(4, 8f, 0f, List.of("down_proj"), false);
            try (LoraAdapter adapter = LoraAdapter.attach(stories.model(), config, 1);
                 Trainer trainer = new Trainer(stories.model(), adapter.peftTensors(),
                         TrainingConfig.adamW(3e-3f, 60, 1, 1), TokenLoss.CROSS_ENTROPY)) {
                trainer.train(List.of(Example.completion(prompt, mia, 1f)), 60, r -> { });
                assertEquals(Bucket.KNOWN, score(stories, edit, newSide).bucket(), "the adapter wrote Mia in");
                assertEquals(Bucket.UNKNOWN, score(stories, edit, newSide.scoring(Side.TRUE)).bucket(),
                        "and Lily is no longer top-1");
            }
            assertEquals(Bucket.KNOWN, score(stories, edit, Options.DEFAULT).bucket(), "closing the adapter restores Lily");
        }
    }

    @Test
    void itemsWithoutTheScoredTargetAreRejectedNamingTheField() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            KnowledgeItem fact = KnowledgeItem.fact("lily", PROMPT, " Lily", "test");
            var e = assertThrows(InvalidItemException.class, () -> KnowledgeScorer.score(stories.model(),
                    stories.tokenizer(), List.of(fact), Options.DEFAULT.scoring(Side.NEW)));
            assertEquals("target_new", e.field());
            assertTrue(e.getMessage().contains("lily"), e.getMessage());
            var badBatch = assertThrows(IllegalArgumentException.class, () -> KnowledgeScorer.score(stories.model(),
                    stories.tokenizer(), List.of(fact), new Options(0, 4, Side.TRUE, Thresholds.DEFAULT)));
            assertTrue(badBatch.getMessage().contains("batchSize"));
        }
    }

    private static ItemScore score(StoriesModel stories, KnowledgeItem item, Options options) {
        return KnowledgeScorer.score(stories.model(), stories.tokenizer(), List.of(item), options).get(0);
    }
}
