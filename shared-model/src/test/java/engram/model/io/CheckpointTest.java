package engram.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private static Map<String, NDArray> tensors(NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", manager.arange(40f).reshape(10, 4));    // (10, 4): 160 bytes
        out.put("model.layers.0.input_layernorm.weight", manager.ones(new Shape(4)));  // (4): 16 bytes
        out.put("model.layers.0.self_attn.q_proj.weight", manager.arange(16f).neg().reshape(4, 4)); // (4, 4): 64
        out.put("model.norm.weight", manager.full(new Shape(4), 0.5f));               // (4): 16 bytes
        return out;
    }

    private static void assertSameTensors(Map<String, NDArray> expected, TensorSource source, NDManager manager) {
        assertEquals(expected.keySet(), source.names());
        for (Map.Entry<String, NDArray> tensor : expected.entrySet()) {
            NDArray loaded = source.load(tensor.getKey(), manager);
            assertEquals(tensor.getValue().getShape(), loaded.getShape(), tensor.getKey());
            assertArrayEquals(tensor.getValue().toFloatArray(), loaded.toFloatArray(), tensor.getKey());
        }
    }

    @Test
    void shardedWriteOpensAsTheSameTensors() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = tensors(manager);
            Checkpoint.writeWeights(dir, tensors, 90);

            List<String> shards = List.of("model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors",
                    "model-00003-of-00003.safetensors");
            for (String shard : shards) {
                try (Safetensors file = Safetensors.open(dir.resolve(shard))) {
                    assertEquals(Map.of("format", "pt"), file.metadata(), shard);
                }
            }
            assertFalse(Files.exists(dir.resolve(Checkpoint.SINGLE_FILE)));
            JsonNode index = new ObjectMapper().readTree(dir.resolve(Checkpoint.INDEX_FILE).toFile());
            assertEquals(160 + 16 + 64 + 16, index.path("metadata").path("total_size").asLong());
            JsonNode weightMap = index.path("weight_map");
            assertEquals(shards.get(0), weightMap.path("model.embed_tokens.weight").asText());
            assertEquals(shards.get(1), weightMap.path("model.layers.0.input_layernorm.weight").asText());
            assertEquals(shards.get(1), weightMap.path("model.layers.0.self_attn.q_proj.weight").asText());
            assertEquals(shards.get(2), weightMap.path("model.norm.weight").asText());

            try (TensorSource source = Checkpoint.open(dir)) {
                assertSameTensors(tensors, source, manager);
                assertEquals("F32", source.info("model.norm.weight").dtype());
            }
        }
    }

    @Test
    void smallCheckpointIsOneFileAndReplacesAnOlderShardedLayout() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = tensors(manager);
            Checkpoint.writeWeights(dir, tensors, 90);
            Checkpoint.writeWeights(dir, tensors, 1L << 30);
            try (var files = Files.list(dir)) {
                assertEquals(Set.of(dir.resolve(Checkpoint.SINGLE_FILE)), Set.copyOf(files.toList()));
            }
            try (TensorSource source = Checkpoint.open(dir)) {
                assertTrue(source instanceof Safetensors);
                assertEquals(Map.of("format", "pt"), ((Safetensors) source).metadata());
                assertSameTensors(tensors, source, manager);
            }
        }
    }

    @Test
    void folderWithoutWeightsIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains(Checkpoint.INDEX_FILE),
                e.getMessage());
    }

    @Test
    void indexThatPointsAtTheWrongShardNamesTheKey() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.writeWeights(dir, tensors(manager), 90);
        }
        Path index = dir.resolve(Checkpoint.INDEX_FILE);
        String text = Files.readString(index).replace(
                "\"model.norm.weight\" : \"model-00003-of-00003", "\"model.norm.weight\" : \"model-00001-of-00003");
        Files.writeString(index, text);
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.open(dir));
        assertTrue(e.getMessage().contains("'model.norm.weight'"), e.getMessage());

        Files.writeString(index, "{\"weight_map\":{\"w\":\"../elsewhere.safetensors\"}}");
        var escape = assertThrows(IllegalArgumentException.class, () -> Checkpoint.open(dir));
        assertTrue(escape.getMessage().contains("'w'"), escape.getMessage());
    }

    @Test
    void unknownKeyInAShardedCheckpointIsNamed() throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Checkpoint.writeWeights(dir, tensors(manager), 90);
            try (TensorSource source = Checkpoint.open(dir)) {
                var e = assertThrows(IllegalArgumentException.class, () -> source.load("lm_head.weight", manager));
                assertTrue(e.getMessage().contains("'lm_head.weight'"), e.getMessage());
            }
        }
    }
}
