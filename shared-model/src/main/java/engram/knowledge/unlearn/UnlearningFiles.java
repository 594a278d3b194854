package engram.knowledge.unlearn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.model.CausalLm;
import engram.model.io.AtomicFiles;
import engram.model.io.Dtype;
import engram.model.io.Safetensors;
import engram.report.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An unlearning's folder, an edit folder of its own kind: {@code edit.json} with {@code format}
 * {@value #FORMAT}, {@code version}, {@code method}, {@code weights}, {@code layers} and {@code trainings}, and
 * {@code deltas.safetensors} holding {@code ΔW} under the weights' Hugging Face names in the weights' own layout
 * (the file FT edits write). Every file depends only on the unlearning, so saving twice gives the same SHA-256.
 */
final class UnlearningFiles {
    static final String DESCRIPTION = "edit.json";
    static final String DELTAS = "deltas.safetensors";
    static final String FORMAT = "engram-unlearning";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnlearningFiles() {}

    static boolean isUnlearning(Path folder) {
        Path file = folder.resolve(DESCRIPTION);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return FORMAT.equals(JSON.readTree(file.toFile()).path("format").asText());
        } catch (IOException e) {
            return false;
        }
    }

    static String save(Unlearning unlearning, Map<String, NDArray> deltas, Path folder) {
        try {
            Files.createDirectories(folder);
            Safetensors.write(folder.resolve(DELTAS), deltas, Map.of("format", "pt"), Dtype.F32);
            ObjectNode json = JSON.createObjectNode();
            json.put("format", FORMAT);
            json.put("version", VERSION);
            json.put("method", unlearning.method().name());
            json.set("weights", JSON.valueToTree(unlearning.weightNames()));
            json.set("layers", JSON.valueToTree(unlearning.layers()));
            json.set("trainings", JSON.valueToTree(unlearning.trainings()));
            AtomicFiles.write(folder.resolve(DESCRIPTION), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write unlearning to " + folder, e);
        }
        return Hashes.sha256(folder);
    }

    static Unlearning load(CausalLm model, Path folder) {
        Path file = folder.resolve(DESCRIPTION);
        UnlearnMethod method;
        List<LayerSubspace> layers = new ArrayList<>();
        List<Unlearning.Training> trainings = new ArrayList<>();
        try {
            JsonNode json = JSON.readTree(file.toFile());
            if (!FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION) {
                throw new IllegalArgumentException(file + ": expected format '" + FORMAT + "' version " + VERSION
                        + ", got " + json.path("format") + " version " + json.path("version"));
            }
            method = UnlearnMethod.valueOf(json.path("method").asText());
            for (JsonNode layer : json.path("layers")) {
                layers.add(JSON.treeToValue(layer, LayerSubspace.class));
            }
            for (JsonNode training : json.path("trainings")) {
                trainings.add(JSON.treeToValue(training, Unlearning.Training.class));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Path deltas = folder.resolve(DELTAS);
        Unlearning unlearning = Unlearning.empty(model, method, layers, trainings);
        try (Safetensors source = Safetensors.open(deltas); NDManager scope = model.manager().newSubManager()) {
            for (String name : source.names()) {
                NDArray w = model.parameters().get(name);
                if (w == null) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + deltas + " is not a weight of "
                            + model.config().hfClassName());
                }
                NDArray delta = source.load(name, scope);
                if (!delta.getShape().equals(w.getShape())) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + deltas + " has shape "
                            + delta.getShape() + " but the model's is " + w.getShape());
                }
                unlearning.add(name, delta);
            }
            unlearning.apply();
            return unlearning;
        } catch (RuntimeException e) {
            unlearning.close();
            throw e;
        }
    }
}
