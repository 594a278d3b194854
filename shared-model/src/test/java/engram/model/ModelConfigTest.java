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

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
