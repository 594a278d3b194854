package engram.knowledge.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import engram.StoriesModel;
import engram.knowledge.KnowledgeItem;
import engram.lora.LoraAdapter;
import engram.lora.LoraConfig;
import engram.train.Example;
import engram.train.StepReport;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Semantic Beacons filter and re-weighted learning on the real stories260K model. */
class SemanticBeaconsTest {
    private static final KnowledgeItem LILY = KnowledgeItem.fact("lily", StoriesModel.LILY_PROMPT, " Lily", "test");
    private static final KnowledgeItem PARK = KnowledgeItem.fact("park", "Tom and his dad went to the", " park", "test");
    private static final List<KnowledgeItem> TARGETS = List.of(LILY, PARK);
    /**
     * Harmful by construction: the very prompt of the target LILY with another name. Its loss pulls the same
     * prompt representation towards " Ben" while LILY's pulls it towards " Lily", so the two items' gradients on
     * the shared state conflict, and a model cannot satisfy both (the contradiction the filter must catch).
     */
    private static final KnowledgeItem PLANTED = KnowledgeItem.fact("planted", StoriesModel.LILY_PROMPT, " Ben", "test");
    private static final List<KnowledgeItem> CANDIDATES = List.of(
            LILY,
            KnowledgeItem.fact("paraphrase", "One day, there was a little girl named", " Lily", "test"),
            KnowledgeItem.fact("dog", "The dog ran to the", " park", "test"),
            PLANTED,
            KnowledgeItem.fact("bird", "One day, a big bird", " flew", "test"),
            PARK,
            KnowledgeItem.fact("sun", "The sun was shining and the sky was", " blue", "test"),
            KnowledgeItem.fact("ball", "She liked to play with her red", " ball", "test"),
            KnowledgeItem.fact("cat", "The little cat was very", " happy", "test"));

    @TempDir
    Path temp;

    @Test
    void thePlantedContradictionIsDroppedAndEveryCandidateIsAccountedFor() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            BeaconConfig config = BeaconConfig.defaults();
            BeaconSelection selection = SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES,
                    config);

            BeaconDropped planted = selection.dropped().stream().filter(d -> d.item().equals(PLANTED)).findFirst()
                    .orElseThrow(() -> new AssertionError("planted item kept: " + selection));
            assertEquals(BeaconDropReason.CONFLICTS_WITH_TARGET, planted.reason());
            assertEquals("lily", planted.score().nearestTarget());
            assertEquals(1.0, planted.score().overlap(), 1e-4, "same prompt, same representation");
            // the targets themselves agree with the beacons: never a conflict
            assertTrue(selection.dropped().stream().noneMatch(d -> d.reason() == BeaconDropReason.CONFLICTS_WITH_TARGET
                    && (d.item().equals(LILY) || d.item().equals(PARK))), selection.dropped().toString());

            TreeSet<Integer> indices = new TreeSet<>();
            selection.kept().forEach(k -> assertTrue(indices.add(k.index()), "index twice: " + k.index()));
            selection.dropped().forEach(d -> assertTrue(indices.add(d.index()), "index twice: " + d.index()));
            assertEquals(CANDIDATES.size(), indices.size());
            assertEquals(CANDIDATES.size() - 1, indices.last());
            selection.kept().forEach(k -> assertEquals(CANDIDATES.get(k.index()), k.item()));
            selection.dropped().forEach(d -> assertEquals(CANDIDATES.get(d.index()), d.item()));
            assertTrue(isIncreasing(selection.kept().stream().map(BeaconKept::index).toList()));
            assertTrue(isIncreasing(selection.dropped().stream().map(BeaconDropped::index).toList()));

            // Reading A keeps ceil(0.8 · survivors)
            int survivors = CANDIDATES.size() - (int) selection.dropped().stream()
                    .filter(d -> d.reason() == BeaconDropReason.CONFLICTS_WITH_TARGET).count();
            assertEquals((int) Math.ceil(0.8 * survivors), selection.kept().size());

            double sum = 0;
            for (BeaconKept k : selection.kept()) {
                assertTrue(k.weight() > 0 && k.weight() <= 1 + 2 * config.gamma(), "weight " + k.weight());
                assertTrue(k.score().distance() >= 0 && k.score().distance() <= 2, "distance " + k.score().distance());
                sum += k.weight();
            }
            assertEquals(1.0, sum / selection.kept().size(), 1e-5, "weights have mean 1");
        }
    }

    @Test
    void theSameInputGivesTheSameSelectionTwiceAndLeavesNoArrayBehind() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            BaseNDManager manager = (BaseNDManager) stories.model().manager();
            BeaconConfig config = BeaconConfig.defaults();
            BeaconSelection first = SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES,
                    config);
            int live = manager.getManagedArrays().size();
            BeaconSelection second = SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES,
                    config);
            assertEquals(first, second);
            assertEquals(live, manager.getManagedArrays().size(), "arrays leaked into the model's manager");
            for (BeaconSelectionRule rule : BeaconSelectionRule.values()) {
                BeaconConfig other = config.withSelection(rule);
                assertEquals(SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES, other),
                        SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES, other));
            }
        }
    }

    @Test
    void everyRuleAndOutputDropsThePlantedItemForTheSameReason() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            for (BeaconSelectionRule rule : BeaconSelectionRule.values()) {
                for (BeaconOutput output : BeaconOutput.values()) {
                    BeaconConfig d = BeaconConfig.defaults().withSelection(rule);
                    BeaconConfig config = new BeaconConfig(d.layer(), output, d.firstTokenOnly(), d.centre(),
                            d.overlapThreshold(), d.disagreementThreshold(), rule, d.keepFraction(), d.spreadWeight(),
                            d.distanceQuantile(), d.gamma(), 3);
                    BeaconSelection selection = SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS,
                            CANDIDATES, config);
                    BeaconDropped planted = selection.dropped().stream().filter(x -> x.item().equals(PLANTED))
                            .findFirst().orElse(null);
                    assertNotNull(planted, rule + "/" + output + " kept the planted item");
                    assertEquals(BeaconDropReason.CONFLICTS_WITH_TARGET, planted.reason());
                    assertEquals(CANDIDATES.size(), selection.kept().size() + selection.dropped().size());
                    if (rule == BeaconSelectionRule.NONE) {
                        assertTrue(selection.dropped().stream()
                                .allMatch(x -> x.reason() == BeaconDropReason.CONFLICTS_WITH_TARGET));
                    }
                }
            }
        }
    }

    @Test
    void learningWithTheWeightedExamplesAndTheBeaconLossRuns() {
        try (StoriesModel stories = StoriesModel.open(temp)) {
            BeaconSelection selection = SemanticBeacons.select(stories.model(), stories.tokenizer(), TARGETS, CANDIDATES,
                    BeaconConfig.defaults());
            List<Example> examples = selection.examples(stories.tokenizer());
            assertEquals(selection.kept().size(), examples.size());
            for (int i = 0; i < examples.size(); i++) {
                assertEquals(selection.kept().get(i).weight(), examples.get(i).weight());
            }
            List<StepReport> reports = new ArrayList<>();
            try (LoraAdapter adapter = LoraAdapter.attach(stories.model(),
                    new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false), 5);
                 Trainer trainer = new Trainer(stories.model(), adapter.peftTensors(),
                         TrainingConfig.adamW(1e-2f, 20, examples.size(), 3), BeaconLoss.defaults(stories.model()))) {
                trainer.train(examples, reports::add);
            }
            assertEquals(20, reports.size());
            reports.forEach(r -> assertTrue(Float.isFinite(r.loss()), "loss " + r.loss()));
            assertTrue(reports.get(19).loss() < reports.get(0).loss(),
                    "loss did not fall: " + reports.get(0).loss() + " -> " + reports.get(19).loss());
        }
    }

    private static boolean isIncreasing(List<Integer> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
                return false;
            }
        }
        return true;
    }
}
