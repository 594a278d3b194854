package engram.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import engram.StoriesModel;
import engram.knowledge.InvalidItemException;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.KnowledgeItem.Check;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edit metrics on the real stories260K model, before and after teaching it a new name. */
class EditEvaluationTest {
    private static final String PROMPT = StoriesModel.LILY_PROMPT;
    private static final String PARAPHRASE = "One day, there was a little girl named";
    private static final List<Check> NEIGHBOURS = List.of(
            new Check("The dog ran to the", " park"), new Check("Tom and his dad went to the", " park"),
            new Check("One day, a big bird", " flew"));

    @TempDir
    Path temp;

    @Test
    void anUneditedModelKeepsEveryNeighbourAndATieIsNoSuccess() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            // By construction: target_new == target_true, the paraphrase is the prompt itself, the model is unchanged.
            KnowledgeItem same = new KnowledgeItem("same", "girl", "name", PROMPT, " Lily", " Lily", List.of(PROMPT),
                    NEIGHBOURS, List.of(new Check(PROMPT, " Lily")), null, null, "test");
            List<KnowledgeItem> items = List.of(same);
            EditEvaluation.Options options = new EditEvaluation.Options(8, 1, 20, 5, 3);
            var baseline = EditEvaluation.baseline(stories.model(), stories.tokenizer(), items, options);
            EditEvaluation.Scores s = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items, baseline, options);
            assertEquals(1.0, s.locality(), "nothing changed, so every neighbour prediction is the same");
            assertEquals(s.efficacy(), s.generalization(), 1e-12, "the paraphrase is the prompt");
            assertEquals(s.efficacy(), s.portability(), 1e-12, "the portability check is the rewrite itself");
            assertEquals(0.0, s.efficacySuccess(), "P(new) = P(true) is not P(new) > P(true)");
            assertEquals(0.0, s.efficacyMargin(), 1e-12);
            assertTrue(s.fluency() > 0 && s.fluency() < 10, "fluency " + s.fluency());
            assertTrue(s.items().get(0).generated().startsWith(PROMPT));
        }
    }

    @Test
    void teachingMiaScoresEfficacyAndGeneralisationAndKeepsTheNeighbours() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            KnowledgeItem mia = new KnowledgeItem("mia", "girl", "name", PROMPT, " Lily", " Mia", List.of(PARAPHRASE),
                    NEIGHBOURS, null, null, null, "test");
            List<KnowledgeItem> items = List.of(mia);
            EditEvaluation.Options options = new EditEvaluation.Options(8, 0, 20, 5, 3);
            var baseline = EditEvaluation.baseline(stories.model(), stories.tokenizer(), items, options);
            EditEvaluation.Scores before = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items, baseline, options);
            assertEquals(0.0, before.efficacySuccess(), "the base model prefers Lily");
            assertTrue(Double.isNaN(before.fluency()), "fluency was not asked for");
            assertTrue(Double.isNaN(before.portability()), "the item has no portability question");

            LoraConfig config = new LoraConfig(4, 8f, 0f, List.of("down_proj"), false);
            long[] prompt = stories.tokenizer().encodeWithBos(PROMPT);
            long[] target = stories.tokenizer().encodeContinuation(PROMPT, " Mia");
            try (LoraAdapter adapter = LoraAdapter.attach(stories.model(), config, 1);
                 Trainer trainer = new Trainer(stories.model(), adapter.peftTensors(),
                         TrainingConfig.adamW(3e-3f, 60, 1, 1), TokenLoss.CROSS_ENTROPY)) {
                trainer.train(List.of(Example.completion(prompt, target, 1f)), 60, r -> { });
                EditEvaluation.Scores after = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items,
                        baseline, options);
                assertEquals(1.0, after.efficacy());
                assertEquals(1.0, after.efficacySuccess());
                assertTrue(after.efficacyMargin() > 0.5, "EM " + after.efficacyMargin());
                assertTrue(after.locality() >= 2.0 / 3.0, "locality " + after.locality());
                assertTrue(after.neighbourSuccess() >= 2.0 / 3.0, "NS " + after.neighbourSuccess());
            }
        }
    }

    @Test
    void aFactThatIsNotAnEditIsRejected() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            var fact = KnowledgeItem.fact("lily", PROMPT, " Lily", "test");
            var e = assertThrows(InvalidItemException.class, () -> EditEvaluation.evaluate(stories.model(),
                    stories.tokenizer(), List.of(fact), null, EditEvaluation.Options.DEFAULT));
            assertEquals("target_new", e.field());
        }
    }
}
