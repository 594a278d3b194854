package engram.knowledge.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.lora.LoraAdapter;
import engram.lora.PeftFiles;
import engram.model.CausalLm;
import engram.model.io.Dtype;
import engram.model.io.Safetensors;
import engram.report.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An edit's folder: {@code edit.json} ({@code format}, {@code version}, {@code method}, {@code config},
 * {@code items}) and either PEFT's {@code adapter_config.json} + {@code adapter_model.safetensors} (LoRA) or
 * {@code deltas.safetensors} holding {@code ΔW} under the weights' Hugging Face names (FT). Every file is
 * written whole or not at all and depends only on the edit, so saving twice gives the same SHA-256.
 */
final class EditFiles {
    static final String DESCRIPTION = "edit.json";
    static final String DELTAS = "deltas.safetensors";
    private static final String FORMAT = "engram-edit";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EditFiles() {}

    static String peftKey(String module, String matrix) {
        return "base_model.model." + module + ".lora_" + matrix + ".weight";
    }

    static String save(Edit edit, Path folder) {
        try {
            Files.createDirectories(folder);
            if (edit.isLora()) {
                Files.deleteIfExists(folder.resolve(DELTAS));
                PeftFiles.save(edit.adapter(), folder, edit.model().config().hfClassName());
            } else {
                Files.deleteIfExists(folder.resolve(PeftFiles.CONFIG));
                Files.deleteIfExists(folder.resolve(PeftFiles.WEIGHTS));
                Safetensors.write(folder.resolve(DELTAS), edit.deltas(), Map.of("format", "pt"), Dtype.F32);
            }
            ObjectNode json = JSON.createObjectNode();
            json.put("format", FORMAT);
            json.put("version", VERSION);
            json.put("method", edit.config().method().name());
            json.set("config", JSON.valueToTree(edit.config()));
            json.putArray("items").addAll(edit.itemIds().stream().map(JSON.getNodeFactory()::textNode).toList());
            Path tmp = Files.createTempFile(folder, DESCRIPTION, ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
            Files.move(tmp, folder.resolve(DESCRIPTION), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write edit to " + folder, e);
        }
        return Hashes.sha256(folder);
    }

    static EditConfig readConfig(Path folder) {
        return description(folder).config();
    }

    static Edit load(CausalLm model, Path folder) {
        Description d = description(folder);
        if (d.config().method() == EditMethod.LORA) {
            LoraAdapter adapter = PeftFiles.load(model, folder);
            return Edit.ofAdapter(model, d.config(), d.items(), adapter, Edit.Training.NONE);
        }
        Path file = folder.resolve(DELTAS);
        Map<String, NDArray> before = new LinkedHashMap<>();
        Map<String, NDArray> deltas = new LinkedHashMap<>();
        try (Safetensors source = Safetensors.open(file); NDManager scope = model.manager().newSubManager()) {
            for (String name : source.names()) {
                NDArray w = model.parameters().get(name);
                if (w == null) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + file + " is not a weight of "
                            + model.config().hfClassName());
                }
                NDArray delta = source.load(name, scope);
                if (!delta.getShape().equals(w.getShape())) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + file + " has shape "
                            + delta.getShape() + " but the model's is " + w.getShape());
                }
                before.put(name, Edit.copyOf(w, scope));
                deltas.put(name, delta);
            }
            deltas.forEach((name, delta) -> model.parameters().get(name).addi(delta));
            // ofWeights attaches both maps to the edit's manager before the scope closes
            return Edit.ofWeights(model, d.config(), d.items(), before, deltas, Edit.Training.NONE);
        }
    }

    private record Description(EditConfig config, List<String> items) {}

    private static Description description(Path folder) {
        Path file = folder.resolve(DESCRIPTION);
        try {
            JsonNode json = JSON.readTree(file.toFile());
            if (!FORMAT.equals(json.path("format").asText()) || json.path("version").asInt() != VERSION) {
                throw new IllegalArgumentException(file + ": expected format '" + FORMAT + "' version " + VERSION
                        + ", got " + json.path("format") + " version " + json.path("version"));
            }
            if (!json.path("config").isObject()) {
                throw new IllegalArgumentException(file + ": 'config' must be an object");
            }
            EditConfig config = JSON.treeToValue(json.get("config"), EditConfig.class).validate();
            if (!config.method().name().equals(json.path("method").asText())) {
                throw new IllegalArgumentException(file + ": 'method' " + json.path("method") + " is not the config's "
                        + config.method());
            }
            List<String> items = new ArrayList<>();
            json.path("items").forEach(i -> items.add(i.asText()));
            return new Description(config, items);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
