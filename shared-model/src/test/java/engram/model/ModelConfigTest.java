package engram.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.TestData;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unknownArchitecturesAreRefusedByName() {
        JsonNode json = parse("{\"architectures\":[\"FalconForCausalLM\"],\"hidden_size\":8}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json));
        assertTrue(e.getMessage().contains("'FalconForCausalLM'"), e.getMessage());
        assertTrue(e.getMessage().contains("LlamaForCausalLM"), "lists what is supported: " + e.getMessage());
    }

    @Test
    void errorsNameTheHuggingFaceKey() {
        ObjectNode json = (ObjectNode) ModelConfig.fromHuggingFace(TestData.resource("golden/tiny-llama")).toHuggingFace();
        json.remove("intermediate_size");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json))
                .getMessage().contains("'intermediate_size'"));
        json.put("intermediate_size", 64).put("num_key_value_heads", 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json))
                .getMessage().contains("'num_key_value_heads' 3"));
        json.put("num_key_value_heads", 2).put("rope_theta", "big");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json))
                .getMessage().contains("'rope_theta'"));
    }

    @Test
    void writtenConfigReadsBackEqual() {
        for (String name : new String[] {"tiny-llama", "tiny-qwen2", "tiny-gpt2"}) {
            ModelConfig config = ModelConfig.fromHuggingFace(TestData.resource("golden/" + name));
            assertEquals(config, ModelConfig.fromHuggingFace(config.toHuggingFace()), name);
        }
        ModelConfig qwen = ModelConfig.fromHuggingFace(TestData.resource("golden/tiny-qwen2"));
        assertTrue(qwen.attentionBias() && qwen.tiedEmbeddings());
        assertEquals(1_000_000f, qwen.ropeTheta());
    }

    @Test
    void vocabularyAboveTheBoundIsRefusedBeforeAnyAllocation() {
        assertRefused(tinyLlama().put("vocab_size", 2_000_000_000), "'vocab_size' must be <= 1048576, got 2000000000");
    }

    @Test
    void hiddenSizeAboveTheBoundIsRefused() {
        assertRefused(tinyLlama().put("hidden_size", 131_072), "'hidden_size' must be <= 65536, got 131072");
        assertRefused(tinyGpt2().put("n_embd", 131_072), "'n_embd' must be <= 65536, got 131072");
    }

    @Test
    void intermediateSizeAboveTheBoundIsRefused() {
        assertRefused(tinyLlama().put("intermediate_size", 262_145), "'intermediate_size' must be <= 262144, got 262145");
        assertRefused(tinyGpt2().put("n_inner", 262_145), "'n_inner' must be <= 262144, got 262145");
    }

    @Test
    void layerCountAboveTheBoundIsRefused() {
        assertRefused(tinyLlama().put("num_hidden_layers", 1_025), "'num_hidden_layers' must be <= 1024, got 1025");
        assertRefused(tinyGpt2().put("n_layer", 1_025), "'n_layer' must be <= 1024, got 1025");
    }

    @Test
    void headCountAboveTheBoundIsRefused() {
        // hidden 4096 keeps hidden / heads whole, so the bound itself is what refuses
        assertRefused(tinyLlama().put("hidden_size", 4_096).put("num_attention_heads", 2_048),
                "'num_attention_heads' must be <= 1024, got 2048");
    }

    @Test
    void keyValueHeadCountAboveTheBoundIsRefused() {
        assertRefused(tinyLlama().put("num_key_value_heads", 2_048), "'num_key_value_heads' must be <= 1024, got 2048");
    }

    @Test
    void positionsAboveTheBoundAreRefused() {
        assertRefused(tinyLlama().put("max_position_embeddings", 1_048_577),
                "'max_position_embeddings' must be <= 1048576, got 1048577");
        assertRefused(tinyGpt2().put("n_positions", 1_048_577), "'n_positions' must be <= 1048576, got 1048577");
    }

    @Test
    void headSizeAboveTheBoundIsRefused() {
        assertRefused(tinyLlama().put("head_dim", 2_048), "head size 2048 ('head_dim' or hidden/heads) must be positive,"
                + " even and <= 1024");
    }

    @Test
    void hiddenSizeMustSplitEvenlyIntoHeadsWhenHeadDimIsImplied() {
        assertRefused(tinyLlama().put("hidden_size", 30), "'hidden_size' 30 is not divisible by 'num_attention_heads' 4");
        assertRefused(tinyGpt2().put("n_embd", 34), "'n_embd' 34 is not divisible by 'n_head' 4");
        ModelConfig explicit = ModelConfig.fromHuggingFace(tinyLlama().put("hidden_size", 30).put("head_dim", 8));
        assertEquals(8, explicit.headSize(), "an explicit head_dim does not need hidden / heads to be whole");
    }

    @Test
    void keyValueHeadsMustDivideQueryHeads() {
        assertRefused(tinyLlama().put("num_key_value_heads", 8), "'num_attention_heads' 4 is not a multiple of"
                + " 'num_key_value_heads' 8");
    }

    @Test
    void shapeWithFieldsInBoundsButTooManyFloatsInTotalIsRefused() {
        ObjectNode json = llama3With70BShape().put("num_hidden_layers", 1_024); // about 880 billion weights
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json));
        assertTrue(e.getMessage().contains("more than the limit " + (1L << 37)), e.getMessage());
        assertTrue(e.getMessage().contains("vocab_size 128256"), e.getMessage());
    }

    @Test
    void seventyBillionClassShapesAreAccepted() {
        ModelConfig llama3 = ModelConfig.fromHuggingFace(llama3With70BShape());
        assertEquals(70_553_706_496L + 2L * 131_072 * 128, llama3.impliedFloats(),
                "Llama 3 70B's published 70.6B weights plus the two RoPE tables");
        ModelConfig gemma = ModelConfig.fromHuggingFace(tinyLlama().put("vocab_size", 256_000).put("hidden_size", 3_072)
                .put("intermediate_size", 24_576).put("num_hidden_layers", 28).put("num_attention_heads", 16)
                .put("num_key_value_heads", 16).put("head_dim", 256).put("max_position_embeddings", 8_192));
        assertEquals(256, gemma.headSize());
    }

    @Test
    void committedModelsAndFixturesPassTheBounds() {
        for (String name : new String[] {"tiny-llama", "tiny-qwen2", "tiny-gpt2"}) {
            ModelConfig.fromHuggingFace(TestData.resource("golden/" + name)).validate();
        }
        ModelConfig.fromHuggingFace(TestData.engramWorldModel()).validate();
    }

    private static ObjectNode tinyLlama() {
        return (ObjectNode) ModelConfig.fromHuggingFace(TestData.resource("golden/tiny-llama")).toHuggingFace()
                .without("head_dim");
    }

    private static ObjectNode tinyGpt2() {
        return ModelConfig.fromHuggingFace(TestData.resource("golden/tiny-gpt2")).toHuggingFace();
    }

    /** The shape of meta-llama/Llama-3.1-70B's config.json (its rope_scaling left out: not supported). */
    private static ObjectNode llama3With70BShape() {
        return tinyLlama().put("vocab_size", 128_256).put("hidden_size", 8_192).put("intermediate_size", 28_672)
                .put("num_hidden_layers", 80).put("num_attention_heads", 64).put("num_key_value_heads", 8)
                .put("max_position_embeddings", 131_072).put("rope_theta", 500_000.0).put("tie_word_embeddings", false);
    }

    private static void assertRefused(ObjectNode json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(json));
        assertTrue(e.getMessage().startsWith("config.json: ") && e.getMessage().contains(expected), e.getMessage());
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
