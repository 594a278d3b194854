package engram.knowledge.unlearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import engram.knowledge.Datasets;
import engram.knowledge.KnowledgeItem;
import engram.knowledge.TeacherForcing;
import engram.knowledge.edit.Edit;
import engram.knowledge.editor.Editors;
import engram.knowledge.editor.KnowledgeEditor;
import engram.model.CausalLm;
import engram.model.ModelConfig;
import engram.tokenizer.Tokenizer;
import engram.world.BiographyItems;
import engram.world.Probe;
import engram.world.World;
import engram.world.WorldSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UNLEARN, LEARN and the baselines on the embedded world model, which knows its world: small target sets, few
 * steps. Every test reverts its change, and the weights' hash shows the revert is exact.
 */
class UnlearnerTest {
    private static NDManager root;
    private static CausalLm model;
    private static Tokenizer tokenizer;
    private static World world;
    private static List<KnowledgeItem> forget;
    private static List<KnowledgeItem> keep;
    private static List<KnowledgeItem> facts;
    private static List<KnowledgeItem> planted;
    private static List<KnowledgeItem> factsRetain;
    private static String originalHash;

    @BeforeAll
    static void load() throws IOException {
        Path folder = TestData.engramWorldModel();
        root = NDManager.newBaseManager();
        model = CausalLm.load(folder, root);
        tokenizer = Tokenizer.load(folder.resolve("tokenizer.json"), ModelConfig.fromHuggingFace(folder.resolve("config.json")));
        long seed = new ObjectMapper().readTree(folder.resolve("knowledge.json").toFile()).get("training").get("seed").asLong();
        world = World.generate(WorldSpec.standard(seed));
        BiographyItems.Split split = BiographyItems.split(world, "forget01", 3, 1);
        forget = split.forget();
        List<KnowledgeItem> others = shuffled(split.retain(), 1);
        keep = others.subList(0, 24);
        facts = new ArrayList<>();
        factsRetain = new ArrayList<>();
        List<Probe> probes = shuffled(world.pretrainingProbes(), 2);
        for (int i = 0; i < 104; i++) {
            Probe p = probes.get(i);
            KnowledgeItem fact = KnowledgeItem.fact(p.id(), p.prompt(), p.target(), "engram-world");
            if (i < 40) {
                facts.add(fact);
            }
            if (i >= 24) {
                factsRetain.add(fact);
            }
        }
        planted = new ArrayList<>();
        for (KnowledgeItem e : shuffled(world.editItems(), 7).subList(0, 6)) {
            planted.add(KnowledgeItem.fact(e.id(), e.prompt(), e.target(), "planted"));
        }
        originalHash = weightsHash();
    }

    @AfterAll
    static void close() {
        tokenizer.close();
        model.close();
        root.close();
    }

    /**
     * Small budgets: 20 steps of batch 8 for the task adapters; 8 steps for the baselines at lr 1e-2 (the measured
     * run's 15 steps at 1e-3 left IDK's forget accuracy unchanged, see docs/results/unlearning.md).
     */
    private static UnlearnConfig config() {
        return UnlearnConfig.defaults().withBatchSize(8).withTaskTraining(3e-3f, 20).withBaselineTraining(1e-2f, 8);
    }

    /**
     * The bar on a planted set: six counterfactual facts are first written into the model (a merged LoRA
     * edit), then UNLEARN takes them out again, keeping 24 world facts. Forgotten share = (planted − after) / (planted − before planting),
     * so 100 % means back to what the model knew before; 80 other world facts must keep ≥ 95 % of their accuracy.
     */
    @Test
    void unlearnRemovesAPlantedSetKeepsTheRestAndRevertsExactly() {
        double base = accuracy(planted, false);
        try (Edit plant = KnowledgeEditor.edit(model, tokenizer, planted, Editors.loraDownProjection(), r -> { })) {
            plant.merge();
            String plantedHash = weightsHash();
            double[] before = {accuracy(planted, false), accuracy(factsRetain, false)};
            assertTrue(before[0] >= base + 0.5, "planting worked: " + base + " -> " + before[0]);
            int live = liveArrays();
            UnlearnConfig config = config().withScale(2);
            UnlearningRequest request = new UnlearningRequest(UnlearnMethod.UNLEARN, planted, facts.subList(0, 24),
                    List.of(), config);
            TaskSubspace subspace = Unlearner.identify(model, tokenizer, request, p -> { });
            assertEquals(model.config().numberOfLayers() * 7, subspace.layers().size(), "every linear map of every layer");
            for (LayerSubspace layer : subspace.layers()) {
                assertTrue(layer.targetRank() <= 8 && layer.keepRank() <= 8 && layer.appliedRank() <= layer.targetRank(),
                        layer.toString());
                assertTrue(layer.energyKept() >= config.energy() - 1e-9, layer.toString());
            }
            try (Unlearning u = subspace.apply(model, config.scale())) {
                double[] after = {accuracy(planted, false), accuracy(factsRetain, false)};
                double forgotten = (before[0] - after[0]) / (before[0] - base);
                String report = String.format("planted %.3f -> %.3f (before planting %.3f, forgotten %.0f %%), "
                        + "retain %.3f -> %.3f", before[0], after[0], base, 100 * forgotten, before[1], after[1]);
                assertTrue(forgotten >= 0.9, report);
                assertTrue(after[1] >= 0.95 * before[1], report);
                assertNotEquals(plantedHash, weightsHash());
                u.remove();
                assertEquals(plantedHash, weightsHash(), "revert restores the exact bits");
                u.apply();
                String applied = weightsHash();
                u.remove();
                u.apply();
                assertEquals(applied, weightsHash(), "applying again writes the same bits");
                u.remove();
            }
            assertEquals(plantedHash, weightsHash());
            assertEquals(live, liveArrays(), "arrays leaked by identification, application or revert");
            plant.remove();
        }
        assertEquals(originalHash, weightsHash());
    }

    @Test
    void learnAddsNewFacts() {
        List<KnowledgeItem> edits = shuffled(world.editItems(), 3).subList(0, 4);
        double before = accuracy(edits, true);
        UnlearningRequest request = new UnlearningRequest(UnlearnMethod.LEARN, edits, facts.subList(0, 8), List.of(),
                config());
        try (Unlearning u = Unlearner.run(model, tokenizer, request, p -> { })) {
            double after = accuracy(edits, true);
            assertTrue(after >= 0.8 && after > before + 0.5, "new-target accuracy " + before + " -> " + after);
            u.remove();
        }
        assertEquals(originalHash, weightsHash());
    }

    @Test
    void theThreeBaselinesLowerForgetAccuracy() {
        List<String> refusals = Datasets.tofuRefusals(TestData.shared("tofu/idontknow.jsonl"));
        double before = accuracy(forget, false);
        for (UnlearnMethod method : List.of(UnlearnMethod.GRADIENT_ASCENT, UnlearnMethod.GRADIENT_DIFFERENCE,
                UnlearnMethod.IDK_FINE_TUNING)) {
            UnlearningRequest request = new UnlearningRequest(method, forget, keep, refusals, config());
            List<UnlearningProgress> steps = new ArrayList<>();
            try (Unlearning u = Unlearner.run(model, tokenizer, request, steps::add)) {
                double after = accuracy(forget, false);
                assertTrue(after < 0.9 * before, method + ": forget accuracy " + before + " -> " + after);
                assertEquals(config().baselineSteps(), steps.size());
                assertTrue(u.layers().isEmpty());
                assertFalse(u.weightNames().isEmpty());
                u.remove();
            }
            assertEquals(originalHash, weightsHash(), method + " reverted");
        }
    }

    @Test
    void aSavedUnlearningLoadsToTheSameWeightsAndRevertsExactly(@org.junit.jupiter.api.io.TempDir Path temp) {
        UnlearnConfig twoSteps = config().withBaselineTraining(1e-2f, 2);
        UnlearningRequest request = new UnlearningRequest(UnlearnMethod.GRADIENT_ASCENT, forget, List.of(), List.of(),
                twoSteps);
        String applied;
        String hash;
        try (Unlearning u = Unlearner.run(model, tokenizer, request, p -> { })) {
            applied = weightsHash();
            hash = u.save(temp.resolve("a"));
            assertEquals(hash, u.save(temp.resolve("b")), "the same change writes the same bytes");
            u.remove();
        }
        assertTrue(Unlearning.isSaved(temp.resolve("a")));
        assertEquals(originalHash, weightsHash());
        int live = liveArrays();
        try (Unlearning loaded = Unlearning.load(model, temp.resolve("a"))) {
            assertEquals(applied, weightsHash(), "loading writes the saved change in");
            assertEquals(UnlearnMethod.GRADIENT_ASCENT, loaded.method());
            assertEquals(1, loaded.trainings().size());
            loaded.remove();
        }
        assertEquals(originalHash, weightsHash());
        assertEquals(live, liveArrays(), "arrays leaked by load or revert");
    }

    @Test
    void requestsMissingWhatTheirMethodNeedsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new UnlearningRequest(UnlearnMethod.GRADIENT_DIFFERENCE,
                forget, List.of(), List.of(), config()).validate());
        assertThrows(IllegalArgumentException.class, () -> new UnlearningRequest(UnlearnMethod.IDK_FINE_TUNING,
                forget, keep, List.of(), config()).validate());
        assertThrows(IllegalArgumentException.class, () -> new UnlearningRequest(UnlearnMethod.UNLEARN,
                List.of(), keep, List.of(), config()).validate());
        assertThrows(IllegalArgumentException.class, () -> config().withEnergy(0).validate());
    }

    private static double accuracy(List<KnowledgeItem> items, boolean newTarget) {
        return TeacherForcing.scoreTexts(model, tokenizer, items.stream().map(KnowledgeItem::prompt).toList(),
                items.stream().map(i -> newTarget ? i.target() : i.targetTrue()).toList(), 32).stream()
                .mapToDouble(TeacherForcing.Score::tokenAccuracy).average().orElseThrow();
    }

    /** SHA-256 of every parameter's float32 bits, in checkpoint order. */
    private static String weightsHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (NDArray p : model.parameters().values()) {
                float[] values = p.toFloatArray();
                ByteBuffer bytes = ByteBuffer.allocate(values.length * 4);
                bytes.asFloatBuffer().put(values);
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int liveArrays() {
        return ((BaseNDManager) root).getManagedArrays().size();
    }

    private static <T> List<T> shuffled(List<T> items, long seed) {
        List<T> copy = new ArrayList<>(items);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
