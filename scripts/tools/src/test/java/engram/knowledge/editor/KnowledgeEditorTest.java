package engram.knowledge.editor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import engram.StoriesModel;
import engram.eval.EditEvaluation;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.edit.Edit;
import engram.knowledge.edit.EditConfig;
import engram.knowledge.edit.EditMethod;
import engram.knowledge.edit.TokenTrace;
import engram.knowledge.edit.ft.FtSettings;
import engram.knowledge.edit.overtone.Overtone;
import engram.model.CausalLm;
import engram.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three baselines (and OVERTONE) on the real stories260K model: three new names after three prompts. */
class KnowledgeEditorTest {
    private static final EditEvaluation.Options OPTIONS = new EditEvaluation.Options(8, 0, 20, 5, 3);

    @TempDir
    Path temp;

    @Test
    void ftMAndLoraWriteThreeNewNamesAndRemovingThemRestoresTheExactLogits() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names();
            var baseline = EditEvaluation.baseline(stories.model(), stories.tokenizer(), items, OPTIONS);
            var before = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items, baseline, OPTIONS);
            assertEquals(0.0, before.efficacySuccess(), "the base model prefers the true names");
            float[] base = probe(stories.model(), stories.tokenizer());
            for (EditConfig config : List.of(Editors.ftM(), Editors.loraDownProjection())) {
                try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> { })) {
                    var after = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items, baseline, OPTIONS);
                    assertEquals(1.0, after.efficacy(), config.method() + " efficacy");
                    assertEquals(1.0, after.efficacySuccess(), config.method() + " ES");
                    assertTrue(after.generalization() >= 0.8, config.method() + " generalization " + after.generalization());
                    assertTrue(after.locality() >= 2.0 / 3.0, config.method() + " locality " + after.locality());
                    edit.remove();
                    assertArrayEquals(base, probe(stories.model(), stories.tokenizer()), 0f, "removal is exact");
                }
            }
        }
    }

    @Test
    void savingTwiceGivesTheSameHashAndLoadingReproducesTheEditedLogits() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names().subList(0, 1);
            for (EditConfig config : List.of(Editors.ftM().withSteps(5), Editors.loraDownProjection().withSteps(5))) {
                float[] base = probe(stories.model(), stories.tokenizer());
                String method = config.method().name();
                float[] edited;
                try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> { })) {
                    edited = probe(stories.model(), stories.tokenizer());
                    String first = edit.save(temp.resolve(method + "-a"));
                    assertEquals(first, edit.save(temp.resolve(method + "-b")), "another folder, same bytes");
                    assertEquals(first, edit.save(temp.resolve(method + "-a")), "saved again over itself");
                }
                assertArrayEquals(base, probe(stories.model(), stories.tokenizer()), 0f, "closing an applied edit removes it");
                assertNotEquals(base[base.length - 1], edited[edited.length - 1]);
                try (Edit loaded = KnowledgeEditor.load(stories.model(), temp.resolve(method + "-a"))) {
                    assertArrayEquals(edited, probe(stories.model(), stories.tokenizer()), 0f, method + " loaded");
                    assertEquals(config, loaded.config());
                    assertEquals(List.of("girl"), loaded.itemIds());
                }
            }
        }
    }

    @Test
    void replayAtRatioZeroTrainsExactlyAsWithoutAndAtRatioTwoTrainsTheReplayedItemsToo() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names().subList(0, 1);
            List<KnowledgeItem> replay = EditItems.NEIGHBOURS.stream()
                    .map(c -> KnowledgeItem.fact("n" + c.prompt().length(), c.prompt(), c.target(), "test")).toList();
            EditConfig config = Editors.loraDownProjection().withSteps(5);
            String plain;
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> { })) {
                plain = edit.save(temp.resolve("plain"));
            }
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, replay, 0, config, r -> { })) {
                assertEquals(plain, edit.save(temp.resolve("ratio0")), "ratio 0 is the plain edit, bit for bit");
            }
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, replay, 2, config, r -> { })) {
                assertNotEquals(plain, edit.save(temp.resolve("ratio2")), "two replayed items per edit change the training");
                assertEquals(List.of("girl"), edit.itemIds(), "only the edit's own items are recorded");
            }
            assertThrows(IllegalArgumentException.class, () -> KnowledgeEditor.edit(stories.model(), stories.tokenizer(),
                    items, List.of(), 1, config, r -> { }));
            assertThrows(IllegalArgumentException.class, () -> KnowledgeEditor.edit(stories.model(), stories.tokenizer(),
                    items, replay, -0.5, config, r -> { }));
        }
    }

    @Test
    void overtoneEditsAndTracesEveryTargetTokenForTheHtoDiagnostic() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            List<KnowledgeItem> items = EditItems.names();
            EditConfig config = Editors.ftM().withOvertone(Overtone.DEFAULT).tracingTokens(true);
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), items, config, r -> { })) {
                var after = EditEvaluation.evaluate(stories.model(), stories.tokenizer(), items, null, OPTIONS);
                assertEquals(1.0, after.efficacy());
                assertTrue(edit.training().finalLoss() >= Overtone.DEFAULT.epsilon(), "the clipped loss is at least ε");
                assertEquals(items.size(), edit.training().tokenTraces().size());
                for (int i = 0; i < items.size(); i++) {
                    TokenTrace trace = edit.training().tokenTraces().get(i);
                    KnowledgeItem item = items.get(i);
                    int tokens = stories.tokenizer().encodeContinuation(item.prompt(), item.targetNew()).length;
                    assertEquals(item.id(), trace.itemId());
                    assertEquals(tokens, trace.pieces().size());
                    assertEquals(edit.training().steps(), trace.steps());
                    assertArrayEquals(new double[tokens], trace.gains(0), "no gain before training");
                    double[] last = trace.logProbabilities().get(trace.steps());
                    for (int t = 0; t < tokens; t++) {
                        assertTrue(trace.gains(trace.steps())[t] > 0 || last[t] > Math.log(0.9), item.id() + " token " + t);
                    }
                    assertEquals(tokens, trace.curves().series().size());
                }
            }
        }
    }

    @Test
    void theFtLNormConstraintBoundsEveryEntryOfTheDelta() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            float bound = 2e-3f;
            EditConfig config = Editors.ftL().withSteps(5).withSettings(new FtSettings(2, bound));
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), EditItems.names(), config,
                    r -> { })) {
                assertEquals(List.of("model.layers.2.mlp.down_proj.weight"), edit.weightNames());
                NDArray delta = edit.deltas().get("model.layers.2.mlp.down_proj.weight");
                float max = 0;
                for (float v : delta.toFloatArray()) {
                    max = Math.max(max, Math.abs(v));
                }
                assertTrue(max > 0 && max <= bound * (1 + 1e-3f), "max |ΔW| = " + max);
            }
        }
    }

    @Test
    void aMergedLoraEditComputesTheSameFunctionAndItsRemovalIsExact() {
        try (StoriesModel stories = StoriesModel.open(temp.resolve("model"))) {
            float[] base = probe(stories.model(), stories.tokenizer());
            EditConfig config = Editors.loraDownProjection().withSteps(5);
            try (Edit edit = KnowledgeEditor.edit(stories.model(), stories.tokenizer(), EditItems.names(), config,
                    r -> { })) {
                float[] unmerged = probe(stories.model(), stories.tokenizer());
                edit.merge();
                assertEquals(Edit.State.MERGED, edit.state());
                assertArrayEquals(unmerged, probe(stories.model(), stories.tokenizer()), 1e-4f, "W + s·BA equals the branch");
                edit.remove();
                assertArrayEquals(base, probe(stories.model(), stories.tokenizer()), 0f);
                edit.apply();
                assertArrayEquals(unmerged, probe(stories.model(), stories.tokenizer()), 0f, "re-applied unmerged");
            }
        }
    }

    @Test
    void invalidSettingsAreRejectedNamingTheField() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Editors.ftM().withLearningRate(0f).validate());
        assertTrue(e.getMessage().startsWith("learningRate"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Editors.ftM().withOvertone(new Overtone(1.5f, 0.01f, 0.5f)).validate());
        assertTrue(e.getMessage().startsWith("overtone.lambda"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new EditConfig(EditMethod.LORA, null, 1e-3f, 5, 0, 0f, null, 0, false).validate());
        assertTrue(e.getMessage().startsWith("settings"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Editors.validate(Editors.loraDownProjection().withSettings(FtSettings.DEFAULT)));
        assertTrue(e.getMessage().startsWith("settings"), e.getMessage());
    }

    /** Logits of the last position of every item's prompt and of a neighbour, flattened. */
    static float[] probe(CausalLm model, Tokenizer tokenizer) {
        List<String> prompts = List.of(StoriesModel.LILY_PROMPT, "The dog ran to the");
        float[][] parts = new float[prompts.size()][];
        try (NDManager scope = model.manager().newSubManager()) {
            for (int i = 0; i < prompts.size(); i++) {
                NDArray ids = scope.create(tokenizer.encodeWithBos(prompts.get(i))).expandDims(0);  // (1, T)
                parts[i] = model.logits(ids).get(":, -1, :").toFloatArray();                        // (V)
            }
        }
        float[] out = new float[parts[0].length * parts.length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * parts[0].length, parts[i].length);
        }
        return out;
    }
}
