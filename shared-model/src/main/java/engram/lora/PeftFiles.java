package engram.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import engram.model.CausalLm;
import engram.model.WeightNames;
import engram.model.io.AtomicFiles;
import engram.model.io.Dtype;
import engram.model.io.Safetensors;
import engram.model.io.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PEFT's on-disk adapter format: {@code adapter_config.json} plus {@code adapter_model.safetensors} with
 * keys {@code base_model.model.<module>.lora_A.weight} {@code [r, in]} and {@code .lora_B.weight}
 * {@code [out, r]}, safetensors metadata {@code {"format":"pt"}}. Files written here load in PEFT and
 * PEFT's files load here.
 */
public final class PeftFiles {
    /** PEFT's adapter config file name. */
    public static final String CONFIG = "adapter_config.json";
    /** PEFT's adapter weights file name. */
    public static final String WEIGHTS = "adapter_model.safetensors";
    private static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PeftFiles() {}

    static String keyA(String module) {
        return PREFIX + module + ".lora_A.weight";
    }

    static String keyB(String module) {
        return PREFIX + module + ".lora_B.weight";
    }

    /**
     * Writes the adapter into {@code folder} (created if needed); each file is written whole or not at all.
     *
     * @param baseModel what {@code base_model_name_or_path} should say (a path, an S3 key, a hub id)
     */
    public static void save(LoraAdapter adapter, Path folder, String baseModel) {
        LoraConfig c = adapter.config();
        ObjectNode json = JSON.createObjectNode();
        json.put("peft_type", "LORA");
        json.put("task_type", "CAUSAL_LM");
        json.put("base_model_name_or_path", baseModel);
        json.put("r", c.rank());
        json.put("lora_alpha", c.alpha());
        json.put("lora_dropout", c.dropout());
        json.put("use_rslora", c.rsLora());
        json.put("bias", "none");
        json.put("fan_in_fan_out", WeightNames.isConv1d(adapter.model().config()));
        json.put("inference_mode", true);
        json.put("init_lora_weights", true);
        json.putArray("target_modules").addAll(c.targets().stream().map(JSON.getNodeFactory()::textNode).toList());
        json.putNull("modules_to_save");
        try {
            // weights first, config last: a folder with a config is a complete adapter
            Safetensors.write(folder.resolve(WEIGHTS), adapter.peftTensors(), Map.of("format", "pt"), Dtype.F32);
            AtomicFiles.write(folder.resolve(CONFIG), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write adapter to " + folder, e);
        }
    }

    /** Reads {@code adapter_config.json} of a PEFT folder. */
    public static LoraConfig readConfig(Path folder) {
        Path file = folder.resolve(CONFIG);
        try {
            JsonNode json = JSON.readTree(file.toFile());
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException(file + ": must be a JSON object");
            }
            if (!"LORA".equals(json.path("peft_type").asText())) {
                throw new IllegalArgumentException(file + ": 'peft_type' must be LORA, got " + json.path("peft_type"));
            }
            JsonNode rank = json.path("r");
            JsonNode alpha = json.path("lora_alpha");
            JsonNode dropout = json.path("lora_dropout");
            JsonNode modules = json.path("target_modules");
            if (!rank.isIntegralNumber() || !rank.canConvertToInt() || !alpha.isNumber()
                    || !(dropout.isMissingNode() || dropout.isNumber()) || !modules.isArray()) {
                throw new IllegalArgumentException(file + ": 'r' must be an integer, 'lora_alpha' and 'lora_dropout' "
                        + "numbers and 'target_modules' an array, got r=" + rank + ", lora_alpha=" + alpha
                        + ", lora_dropout=" + dropout + ", target_modules=" + modules);
            }
            List<String> targets = new ArrayList<>();
            for (JsonNode module : modules) {
                if (!module.isTextual() || module.asText().isBlank()) {
                    throw new IllegalArgumentException(file + ": 'target_modules' must hold module names, got " + modules);
                }
                targets.add(module.asText());
            }
            return new LoraConfig(rank.asInt(), (float) alpha.asDouble(), (float) dropout.asDouble(0), targets,
                    json.path("use_rslora").asBoolean(false));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a PEFT adapter folder and attaches it to {@code model}.
     *
     * @throws IllegalArgumentException naming the key of a missing, unexpected or mis-shaped tensor
     */
    public static LoraAdapter load(CausalLm model, Path folder) {
        LoraConfig config = readConfig(folder);
        config.validate();
        try (Safetensors weights = Safetensors.open(folder.resolve(WEIGHTS));
             NDManager scope = model.manager().newSubManager()) {
            List<String> used = new ArrayList<>();
            LoraAdapter adapter = LoraAdapter.attach(model, config, (module, in, out) -> {
                float[] a = read(weights, scope, keyA(module), new Shape(config.rank(), in));
                float[] b = read(weights, scope, keyB(module), new Shape(out, config.rank()));
                used.add(keyA(module));
                used.add(keyB(module));
                return new float[][] {a, b};
            });
            for (String key : weights.names()) {
                if (!used.contains(key)) {
                    adapter.close();
                    throw new IllegalArgumentException("unexpected tensor '" + key + "' in " + folder.resolve(WEIGHTS)
                            + " (not a target module of this model)");
                }
            }
            return adapter;
        }
    }

    private static float[] read(Safetensors weights, NDManager scope, String key, Shape expected) {
        if (!weights.names().contains(key)) {
            throw new IllegalArgumentException("missing tensor '" + key + "' of shape " + expected);
        }
        TensorInfo info = weights.info(key);
        if (!info.shape().equals(expected)) {
            throw new IllegalArgumentException("tensor '" + key + "' has shape " + info.shape() + " but the model needs "
                    + expected);
        }
        return weights.load(key, scope).toFloatArray();
    }
}
