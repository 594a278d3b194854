package engram.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import engram.TestData;
import engram.model.CausalLm;
import engram.model.Dense;
import engram.model.WeightNames.ModuleKind;
import engram.model.WeightNames;
import engram.train.Example;
import engram.train.TokenLoss;
import engram.train.Trainer;
import engram.train.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** TAIA's two variants on the tiny Llama fixture: exact FFN revert, tuned attention, bit-exact switch back. */
class TaiaViewTest {
    private static final long[] PROBE = {1, 17, 42, 5, 88, 23, 61, 9};

    @Test
    void fullFineTuneRevertsExactlyTheFfnAndSwitchesBackBitIdentically() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root); CausalLm base = tiny(root)) {
            TaiaFullFineTune view = TaiaView.beforeFullFineTune(model);
            fineTuneAllParameters(model);
            Map<String, float[]> tuned = snapshot(model);
            float[] tunedLogits = logits(model);
            List<String> ffn = view.revertedParameters();
            assertEquals(TaiaFullFineTune.ffnParameters(model), ffn);
            assertEquals(3 * model.config().numberOfLayers(), ffn.size(), "gate, up and down of every layer");
            ffn.forEach(name -> assertEquals(ModuleKind.MLP, WeightNames.kindOf(name.substring(0, name.lastIndexOf('.')))));
            assertTrue(ffn.stream().anyMatch(n -> !java.util.Arrays.equals(tuned.get(n), values(base, n))),
                    "training must have moved the FFN, or the test shows nothing");

            int live = liveArrays(root);
            for (int round = 0; round < 3; round++) {
                view.useTaia();
                assertEquals(TaiaMode.TAIA, view.mode());
                for (String name : model.parameters().keySet()) {
                    float[] expected = ffn.contains(name) ? values(base, name) : tuned.get(name);
                    assertArrayEquals(expected, values(model, name), name + (ffn.contains(name) ? " (base)" : " (tuned)"));
                }
                assertFalse(java.util.Arrays.equals(tunedLogits, logits(model)), "TAIA mode must change the logits");
                view.useTuned();
                assertEquals(TaiaMode.TUNED, view.mode());
                assertArrayEquals(tunedLogits, logits(model), "tuned logits must come back bit-identically");
                tuned.forEach((name, v) -> assertArrayEquals(v, values(model, name), name));
            }
            assertEquals(live, liveArrays(root), "switching modes leaked arrays");
            view.useTaia();
            view.close();
            assertArrayEquals(tunedLogits, logits(model), "closing a view returns to the tuned weights");
        }
    }

    @Test
    void aViewBuiltFromASeparateBaseModelShowsTheSameWeights() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root); CausalLm base = tiny(root)) {
            TaiaFullFineTune captured = TaiaView.beforeFullFineTune(model);
            fineTuneAllParameters(model);
            captured.useTaia();
            Map<String, float[]> fromCapture = snapshot(model);
            captured.close();
            int live = liveArrays(root);
            try (TaiaFullFineTune fromBase = TaiaFullFineTune.of(model, base)) {
                fromBase.useTaia();
                fromCapture.forEach((name, v) -> assertArrayEquals(v, values(model, name), name));
            }
            assertEquals(live, liveArrays(root), "a closed view must free its copies");
        }
    }

    @Test
    void loraVariantKeepsOnlyTheAttentionAdaptersAndMatchesTheMergedAttentionOnlyWeights() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = tiny(root); CausalLm reference = tiny(root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false), 3)) {
            Map<String, float[]> baseWeights = snapshot(model);
            try (Trainer trainer = new Trainer(model, adapter.peftTensors(), TrainingConfig.adamW(1e-2f, 5, 4, 1),
                    TokenLoss.CROSS_ENTROPY)) {
                trainer.train(examples(), r -> { });
            }
            float[] tunedLogits = logits(model);
            TaiaLora view = TaiaView.lora(adapter);

            view.useTaia();
            for (String module : adapter.moduleNames()) {
                boolean attention = WeightNames.kindOf(module) == ModuleKind.ATTENTION;
                assertEquals(attention, !(model.projections().get(module) instanceof Dense), module + " adapter active?");
                assertArrayEquals(baseWeights.get(module + ".weight"), values(model, module + ".weight"),
                        module + ": unmerged TAIA never writes a weight");
            }
            // reference: W_attn + (α/r) B A computed in Java doubles, FFN untouched
            Map<String, NDArray> lora = adapter.peftTensors();
            for (String module : adapter.moduleNames()) {
                if (WeightNames.kindOf(module) == ModuleKind.ATTENTION) {
                    float[] merged = mergedWeight(model, lora, module, adapter.config().scaling());
                    reference.parameters().get(module + ".weight").set(merged);
                }
            }
            float[] taiaLogits = logits(model);
            assertArrayEquals(logits(reference), taiaLogits, 1e-4f, "TAIA logits vs merged-attention-only weights");
            assertFalse(java.util.Arrays.equals(tunedLogits, taiaLogits), "the FFN adapters must have mattered");
            int live = liveArrays(root);                  // after every model's first pass (lazy constants)

            view.useTuned();
            assertArrayEquals(tunedLogits, logits(model), "tuned logits must come back bit-identically");
            view.useTaia();
            assertArrayEquals(taiaLogits, logits(model), "TAIA logits must be reproducible");
            view.useTuned();
            assertEquals(live, liveArrays(root), "switching modes leaked arrays");

            // the reference code's merge_and_unload with target_modules = [q, k, v, o]
            view.useTaia();
            adapter.merge();
            for (String name : model.parameters().keySet()) {
                String module = name.substring(0, name.lastIndexOf('.'));
                boolean adaptedAttention = adapter.moduleNames().contains(module)
                        && WeightNames.kindOf(module) == ModuleKind.ATTENTION;
                if (adaptedAttention) {
                    assertArrayEquals(values(reference, name), values(model, name), 1e-6f, name + " merged");
                } else {
                    assertArrayEquals(baseWeights.get(name), values(model, name), name + " must stay base");
                }
            }
            adapter.unmerge();
            view.close();
        }
    }

    private static float[] mergedWeight(CausalLm model, Map<String, NDArray> lora, String module, float scaling) {
        float[] w = values(model, module + ".weight");
        float[] a = lora.get("base_model.model." + module + ".lora_A.weight").toFloatArray();
        float[] b = lora.get("base_model.model." + module + ".lora_B.weight").toFloatArray();
        Shape shape = model.parameters().get(module + ".weight").getShape();             // (out, in)
        int out = (int) shape.get(0);
        int in = (int) shape.get(1);
        int rank = a.length / in;
        float[] merged = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                double delta = 0;
                for (int r = 0; r < rank; r++) {
                    delta += (double) b[o * rank + r] * a[r * in + i];
                }
                merged[o * in + i] = (float) (w[o * in + i] + scaling * delta);
            }
        }
        return merged;
    }

    private static void fineTuneAllParameters(CausalLm model) {
        try (Trainer trainer = new Trainer(model, model.parameters(), TrainingConfig.adamW(1e-2f, 5, 4, 1),
                TokenLoss.CROSS_ENTROPY)) {
            trainer.train(examples(), r -> { });
        }
    }

    private static List<Example> examples() {
        SplittableRandom random = new SplittableRandom(11);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(Example.completion(random.longs(4, 3, 96).toArray(), random.longs(4, 3, 96).toArray(), 1f));
        }
        return out;
    }

    private static CausalLm tiny(NDManager root) {
        return CausalLm.load(TestData.resource("golden/tiny-llama"), root);
    }

    private static float[] logits(CausalLm model) {
        try (NDManager scope = model.manager().newSubManager()) {
            return model.logits(scope.create(PROBE).expandDims(0)).toFloatArray();
        }
    }

    private static float[] values(CausalLm model, String name) {
        return model.parameters().get(name).toFloatArray();
    }

    private static Map<String, float[]> snapshot(CausalLm model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> out.put(name, p.toFloatArray()));
        return out;
    }

    private static int liveArrays(NDManager manager) {
        return ((BaseNDManager) manager).getManagedArrays().size();
    }
}
