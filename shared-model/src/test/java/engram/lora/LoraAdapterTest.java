package engram.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import engram.TestData;
import engram.model.CausalLm;
import engram.model.WeightNames.ModuleKind;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoraAdapterTest {
    private static final long[][] IDS = {{5, 17, 42, 3, 88, 61, 9, 30}, {12, 7, 7, 90, 44, 2, 18, 77}};

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-gpt2"})
    void freshAdapterLeavesLogitsBitIdentical(String name) {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load(name, root)) {
            float[] before = logits(model);
            try (LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, targets(name), false), 1)) {
                assertArrayEquals(before, logits(model), "B is zero-initialised, so attaching must be a no-op");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-llama", "tiny-gpt2"})
    void mergedEqualsUnmergedAndUnmergeRestoresTheBase(String name) {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load(name, root)) {
            float[] base = logits(model);
            try (LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, targets(name), false), 1)) {
                randomiseB(adapter, 2);
                float[] adapted = logits(model);
                assertTrue(maxDifference(base, adapted) > 1e-2, "a non-zero B must change the logits");
                adapter.merge();
                assertArrayEquals(adapted, logits(model), 1e-5f, "merged weights compute the same function");
                adapter.unmerge();
                assertArrayEquals(adapted, logits(model), 1e-5f, "unmerged adapter computes the same function");
            }
            assertArrayEquals(base, logits(model), 1e-5f, "closing the adapter restores the base model");
        }
    }

    @Test
    void saveThenLoadGivesIdenticalTensorsAndLogits() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load("tiny-llama", root)) {
            float[] adapted;
            try (LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, true), 3)) {
                randomiseB(adapter, 4);
                adapted = logits(model);
                PeftFiles.save(adapter, temp.resolve("adapter"), "tiny-llama");
            }
            try (LoraAdapter loaded = PeftFiles.load(model, temp.resolve("adapter"))) {
                assertEquals(new LoraConfig(4, 8f, 0.1f, LoraConfig.ALL_LINEAR, true), loaded.config());
                assertArrayEquals(adapted, logits(model), "a loaded adapter is bit-identical to the saved one");
            }
        }
    }

    @Test
    void writtenFilesUsePeftKeyNamesShapesAndMetadata() throws IOException {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load("tiny-llama", root);
             LoraAdapter adapter = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ATTENTION_QV, false), 1)) {
            PeftFiles.save(adapter, temp.resolve("a"), "base");
        }
        JsonNode header = safetensorsHeader(temp.resolve("a/adapter_model.safetensors"));
        assertEquals("pt", header.path("__metadata__").path("format").asText());
        assertEquals(2 * 2 * 2 + 1, header.size(), "q and v of 2 layers, A and B each, plus metadata");
        JsonNode a = header.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight");
        JsonNode b = header.get("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight");
        assertEquals("[4,32]", a.get("shape").toString(), "lora_A is [r, in]");
        assertEquals("[16,4]", b.get("shape").toString(), "lora_B is [out, r] (v_proj out = 2 kv heads x 8)");
        assertEquals("F32", a.get("dtype").asText());
        JsonNode config = new ObjectMapper().readTree(temp.resolve("a/adapter_config.json").toFile());
        assertEquals("LORA", config.get("peft_type").asText());
        assertEquals(4, config.get("r").asInt());
        assertEquals(8.0, config.get("lora_alpha").asDouble());
        assertEquals("[\"q_proj\",\"v_proj\"]", config.get("target_modules").toString());
    }

    @Test
    void attentionOnlyViewDropsTheMlpDeltas() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load("tiny-llama", root);
             LoraAdapter all = LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false), 1)) {
            randomiseB(all, 5);
            all.useOnly(EnumSet.of(ModuleKind.ATTENTION));
            float[] attentionOnly = logits(model);
            all.useOnly(EnumSet.allOf(ModuleKind.class));
            float[] full = logits(model);
            for (String module : all.moduleNames()) {
                if (module.contains(".mlp.")) {
                    zeroB(all, module);
                }
            }
            assertArrayEquals(attentionOnly, logits(model), 1e-6f, "attention-only equals zeroing every MLP delta");
            assertTrue(maxDifference(full, attentionOnly) > 1e-3, "the MLP deltas mattered before");
        }
    }

    @Test
    void targetsThatMatchNothingAreRefusedByName() {
        try (NDManager root = NDManager.newBaseManager(); CausalLm model = load("tiny-llama", root)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoraAdapter.attach(model, new LoraConfig(4, 8f, 0f, List.of("c_attn"), false), 1));
            assertTrue(e.getMessage().contains("[c_attn]"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new LoraConfig(0, 8f, 0f, List.of("q_proj"), false).validate());
        }
    }

    static CausalLm load(String name, NDManager root) {
        return CausalLm.load(TestData.resource("golden/" + name), root);
    }

    private static List<String> targets(String name) {
        return name.contains("gpt2") ? LoraConfig.GPT2_ALL_LINEAR : LoraConfig.ALL_LINEAR;
    }

    static float[] logits(CausalLm model) {
        try (NDManager scope = model.manager().newSubManager()) {
            return model.logits(scope.create(IDS)).toFloatArray();
        }
    }

    static void randomiseB(LoraAdapter adapter, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<NDArray> params = adapter.trainableParameters();
        for (int i = 1; i < params.size(); i += 2) {
            float[] values = new float[Math.toIntExact(params.get(i).size())];
            for (int j = 0; j < values.length; j++) {
                values[j] = (float) (random.nextDouble() - 0.5) * 0.1f;
            }
            params.get(i).set(values);
        }
    }

    private static void zeroB(LoraAdapter adapter, String module) {
        int index = adapter.moduleNames().indexOf(module);
        NDArray b = adapter.trainableParameters().get(2 * index + 1);
        b.set(new float[Math.toIntExact(b.size())]);
    }

    private static float maxDifference(float[] x, float[] y) {
        float max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    private static JsonNode safetensorsHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            byte[] length = data.readNBytes(8);
            long n = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
            return new ObjectMapper().readTree(data.readNBytes((int) n));
        }
    }
}
