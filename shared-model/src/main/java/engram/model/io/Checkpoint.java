package engram.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint folder: one {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file). {@code config.json}
 * is not handled here: {@code ModelConfig.fromHuggingFace} reads it and {@code ModelConfig.writeTo} writes it.
 */
public final class Checkpoint {

    /** The single-file weights name. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The shard index name. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** Metadata every written file carries, as {@code save_pretrained} writes it. */
    static final Map<String, String> METADATA = Map.of("format", "pt");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /**
     * Opens the weights of {@code folder}, preferring {@code model.safetensors} over an index as
     * {@code from_pretrained} does. Closing the result closes every shard.
     *
     * @throws IllegalArgumentException naming the folder when it has neither file, or naming the key when the
     *                                  index lists a tensor its shard lacks
     */
    public static TensorSource open(Path folder) {
        Path single = folder.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return Safetensors.open(single);
        }
        Path index = folder.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            throw new IllegalArgumentException(folder + " has neither " + SINGLE_FILE + " nor " + INDEX_FILE);
        }
        return Sharded.open(folder, weightMap(index));
    }

    /**
     * Writes {@code tensors} (float32, in iteration order) as {@code model.safetensors} when they fit in
     * {@code maxShardBytes}, else as shards {@code model-00001-of-0000N.safetensors} of at most that size (a
     * larger tensor gets a shard of its own) plus the index. The index is written last; a previous layout's
     * files are removed after the new one is complete.
     */
    public static void writeWeights(Path folder, Map<String, NDArray> tensors, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
        }
        List<Map<String, NDArray>> shards = split(tensors, maxShardBytes);
        List<Path> previous = existingWeightFiles(folder);
        List<Path> written = new ArrayList<>();
        if (shards.size() == 1) {
            written.add(folder.resolve(SINGLE_FILE));
            Safetensors.write(written.get(0), tensors, METADATA, Dtype.F32);
        } else {
            Map<String, String> weightMap = new LinkedHashMap<>();
            long totalSize = 0;
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                written.add(folder.resolve(name));
                Safetensors.write(written.get(i), shards.get(i), METADATA, Dtype.F32);
                for (Map.Entry<String, NDArray> tensor : shards.get(i).entrySet()) {
                    weightMap.put(tensor.getKey(), name);
                    totalSize += SafetensorsWriter.byteSize(tensor.getValue().getShape(), Dtype.F32);
                }
            }
            written.add(folder.resolve(INDEX_FILE));
            writeIndex(written.get(written.size() - 1), weightMap, totalSize);
        }
        for (Path stale : previous) {
            if (!written.contains(stale)) {
                Files.deleteIfExists(stale);
            }
        }
    }

    /** Groups tensors in order into shards of at most {@code maxShardBytes}. */
    private static List<Map<String, NDArray>> split(Map<String, NDArray> tensors, long maxShardBytes) {
        List<Map<String, NDArray>> shards = new ArrayList<>();
        Map<String, NDArray> current = new LinkedHashMap<>();
        long currentBytes = 0;
        for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
            long bytes = SafetensorsWriter.byteSize(tensor.getValue().getShape(), Dtype.F32);
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(tensor.getKey(), tensor.getValue());
            currentBytes += bytes;
        }
        shards.add(current);
        return shards;
    }

    private static void writeIndex(Path index, Map<String, String> weightMap, long totalSize) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = json.putObject("weight_map");
        weightMap.forEach(map::put);
        byte[] text = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
        AtomicFiles.write(index, text);
    }

    /** The weight files a folder holds now: the single file, the index and the shards the index lists. */
    private static List<Path> existingWeightFiles(Path folder) {
        List<Path> out = new ArrayList<>();
        if (Files.isRegularFile(folder.resolve(SINGLE_FILE))) {
            out.add(folder.resolve(SINGLE_FILE));
        }
        Path index = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            new LinkedHashSet<>(weightMap(index).values()).forEach(shard -> out.add(folder.resolve(shard)));
            out.add(index);
        }
        return out;
    }

    /** {@code weight_map} of an index file, checked: every value is a plain file name. */
    private static Map<String, String> weightMap(Path index) {
        JsonNode json;
        try {
            json = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + index + ": " + e.getMessage(), e);
        }
        JsonNode map = json == null ? null : json.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new IllegalArgumentException(index + ": 'weight_map' must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            String shard = entry.getValue().asText("");
            if (!entry.getValue().isTextual() || shard.isEmpty() || shard.contains("/") || shard.contains("\\")
                    || shard.equals("..")) {
                throw new IllegalArgumentException(index + ": 'weight_map' entry '" + entry.getKey()
                        + "' must name a file in the same folder, got " + entry.getValue());
            }
            out.put(entry.getKey(), shard);
        }
        return out;
    }

    /** Every shard of an index, open, read as one source. */
    private record Sharded(Path index, Map<String, String> weightMap, Map<String, Safetensors> shards)
            implements TensorSource {

        static Sharded open(Path folder, Map<String, String> weightMap) {
            Path index = folder.resolve(INDEX_FILE);
            Map<String, Safetensors> shards = new LinkedHashMap<>();
            Sharded opened = new Sharded(index, Collections.unmodifiableMap(weightMap), shards);
            try {
                for (Map.Entry<String, String> entry : weightMap.entrySet()) {
                    Safetensors shard = shards.computeIfAbsent(entry.getValue(),
                            file -> Safetensors.open(folder.resolve(file)));
                    if (!shard.names().contains(entry.getKey())) {
                        throw new IllegalArgumentException(index + " puts tensor '" + entry.getKey() + "' in "
                                + entry.getValue() + ", which does not hold it");
                    }
                }
            } catch (RuntimeException e) {
                opened.close(); // closes the shards opened so far
                throw e;
            }
            return opened;
        }

        @Override
        public Set<String> names() {
            return weightMap.keySet();
        }

        @Override
        public TensorInfo info(String name) {
            return shard(name).info(name);
        }

        @Override
        public NDArray load(String name, NDManager manager) {
            return shard(name).load(name, manager);
        }

        private Safetensors shard(String name) {
            String file = weightMap.get(name);
            if (file == null) {
                throw new IllegalArgumentException("no tensor '" + name + "' in " + index);
            }
            return shards.get(file);
        }

        @Override
        public void close() {
            UncheckedIOException failure = null;
            for (Safetensors shard : shards.values()) {
                try {
                    shard.close();
                } catch (UncheckedIOException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
