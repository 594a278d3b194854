package engram.knowledge.change;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.lora.LoraAdapter;
import engram.lora.PeftFiles;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one folder layout of a change, whatever made it: {@code edit.json} ({@code format}, {@code version},
 * {@code method}, the kind's own fields, {@code items}, and {@code base_model_name_or_path} once bound) and either
 * PEFT's {@code adapter_config.json} + {@code adapter_model.safetensors} (a LoRA change) or
 * {@code deltas.safetensors} holding {@code ΔW} under the weights' Hugging Face names in the weights' own layout.
 * Every file is written whole or not at all and depends only on the change, so saving twice gives the same SHA-256.
 */
public final class ChangeFiles {
    /** The description's file name. */
    public static final String DESCRIPTION = "edit.json";
    /** The weight deltas' file name. */
    public static final String DELTAS = "deltas.safetensors";
    /** {@code format} of an edit's folder. */
    public static final String EDIT = "engram-edit";
    /** {@code format} of an unlearning's folder. */
    public static final String UNLEARNING = "engram-unlearning";
    /** The key PEFT uses for the base model, reused in {@code edit.json}. */
    public static final String BASE_MODEL = "base_model_name_or_path";
    private static final int VERSION = 1;
    private static final Set<String> COMMON = Set.of("format", "version", "method", "items", BASE_MODEL);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChangeFiles() {}

    /**
     * The description in {@code folder}'s {@code edit.json}, checked: a known format and version, a method, and for
     * an edit a {@code config} object naming the same method.
     *
     * @throws IllegalArgumentException naming the file and what does not fit
     */
    public static Description read(Path folder) {
        Path file = folder.resolve(DESCRIPTION);
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object");
        }
        String format = json.path("format").asText();
        if (!Set.of(EDIT, UNLEARNING).contains(format) || json.path("version").asInt() != VERSION) {
            throw new IllegalArgumentException(file + ": expected format '" + EDIT + "' or '" + UNLEARNING + "' version "
                    + VERSION + ", got " + json.path("format") + " version " + json.path("version"));
        }
        String method = json.path("method").asText("");
        if (method.isBlank()) {
            throw new IllegalArgumentException(file + ": 'method' must be a name, got " + json.path("method"));
        }
        if (format.equals(EDIT)) {
            JsonNode config = json.path("config");
            if (!config.isObject()) {
                throw new IllegalArgumentException(file + ": 'config' must be an object");
            }
            if (!method.equals(config.path("method").asText())) {
                throw new IllegalArgumentException(file + ": 'method' " + json.path("method") + " is not the config's "
                        + config.path("method"));
            }
        }
        ObjectNode fields = JSON.createObjectNode();
        json.fields().forEachRemaining(e -> {
            if (!COMMON.contains(e.getKey())) {
                fields.set(e.getKey(), e.getValue());
            }
        });
        List<String> items = new ArrayList<>();
        json.path("items").forEach(i -> items.add(i.asText()));
        JsonNode bound = json.path(BASE_MODEL);
        return new Description(format, method, fields, items, bound.isTextual() ? bound.asText() : null);
    }

    static String save(WeightChange change, Path folder) {
        Description d = change.description();
        try {
            Files.createDirectories(folder);
            if (change.isLora()) {
                Files.deleteIfExists(folder.resolve(DELTAS));
                PeftFiles.save(change.adapter(), folder,
                        d.baseModel() != null ? d.baseModel() : change.model().config().hfClassName());
            } else {
                Files.deleteIfExists(folder.resolve(PeftFiles.CONFIG));
                Files.deleteIfExists(folder.resolve(PeftFiles.WEIGHTS));
                Safetensors.write(folder.resolve(DELTAS), change.deltas(), Map.of("format", "pt"), Dtype.F32);
            }
            ObjectNode json = JSON.createObjectNode();
            json.put("format", d.format());
            json.put("version", VERSION);
            json.put("method", d.method());
            json.setAll(d.fields());
            json.putArray("items").addAll(d.itemIds().stream().map(JSON.getNodeFactory()::textNode).toList());
            if (d.baseModel() != null) {
                json.put(BASE_MODEL, d.baseModel());
            }
            AtomicFiles.write(folder.resolve(DESCRIPTION), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write change to " + folder, e);
        }
        return Hashes.sha256(folder);
    }

    /** Reads the change in {@code folder}; a non-null {@code format} is required before any tensor is read. */
    static WeightChange load(CausalLm model, Path folder, String format) {
        Description d = read(folder);
        if (format != null && !format.equals(d.format())) {
            throw new IllegalArgumentException(folder.resolve(DESCRIPTION) + ": expected format '" + format + "', got '"
                    + d.format() + "'");
        }
        if (Files.isRegularFile(folder.resolve(PeftFiles.CONFIG))) {
            LoraAdapter adapter = PeftFiles.load(model, folder);
            return WeightChange.ofAdapter(model, d, adapter);
        }
        Path file = folder.resolve(DELTAS);
        try (Safetensors source = Safetensors.open(file); NDManager scope = model.manager().newSubManager()) {
            Map<String, NDArray> deltas = new LinkedHashMap<>();
            for (String name : source.names()) {
                if (!model.parameters().containsKey(name)) {
                    throw new IllegalArgumentException("tensor '" + name + "' in " + file + " is not a weight of "
                            + model.config().hfClassName());
                }
                deltas.put(name, source.load(name, scope));
            }
            return WeightChange.addDeltas(model, d, deltas, file.toString());
        }
    }
}
