package engram.functions;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.functions.api.ArtifactRef;
import engram.functions.storage.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The committed embedded model ({@code models/engram-world}) and slices of its world's items, uploaded to a
 * store as the tests' inputs.
 */
final class Fixtures {
    static final String MODEL = "models/engram-world/";
    static final String OTHER_MODEL = "models/other-world/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> MODEL_FILES = List.of("config.json", "model.safetensors", "tokenizer.json");

    private Fixtures() {}

    /** The committed model folder. */
    static Path modelFolder() {
        Path path = Path.of("..", "models", "engram-world").toAbsolutePath().normalize();
        if (!Files.isRegularFile(path.resolve("model.safetensors"))) {
            fail("the embedded model is missing: " + path);
        }
        return path;
    }

    /** Uploads the model under {@link #MODEL}, and a copy with one extra file (another hash) under {@link #OTHER_MODEL}. */
    static void uploadModels(ArtifactStore store) {
        for (String file : MODEL_FILES) {
            store.upload(MODEL + file, modelFolder().resolve(file));
            store.upload(OTHER_MODEL + file, modelFolder().resolve(file));
        }
        store.put(OTHER_MODEL + "NOTE.txt", "a different checkpoint folder".getBytes(StandardCharsets.UTF_8));
    }

    /** Lines {@code from..from+count-1} of the world's items.jsonl (edits: every item has target_new). */
    static List<String> worldItems(int from, int count) {
        try (var lines = Files.lines(modelFolder().resolve("world/items.jsonl"))) {
            return lines.skip(from).limit(count).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** World items with {@code perturbed_targets} taken from the other items' answers (for truth ratios). */
    static List<String> withPerturbed(List<String> lines) {
        List<String> out = new ArrayList<>();
        try {
            for (int i = 0; i < lines.size(); i++) {
                ObjectNode item = (ObjectNode) JSON.readTree(lines.get(i));
                var perturbed = item.putArray("perturbed_targets");
                for (int j = 1; j <= 2; j++) {
                    perturbed.add(JSON.readTree(lines.get((i + j) % lines.size())).get("target_true").asText());
                }
                out.add(JSON.writeValueAsString(item));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Uploads lines as one dataset object. */
    static ArtifactRef put(ArtifactStore store, String key, List<String> lines) {
        return store.put(key, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
