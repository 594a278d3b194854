package engram.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a decoder-only transformer, read from and written to a Hugging Face {@code config.json}.
 *
 * @param architecture     the family (from {@code architectures[0]})
 * @param hfClassName      the Hugging Face class written back on save (e.g. {@code Qwen2ForCausalLM})
 * @param vocabSize        tokens in the embedding table
 * @param hiddenSize       width of the residual stream
 * @param intermediateSize width of the MLP's hidden layer
 * @param numberOfLayers   decoder blocks
 * @param numberOfHeads    query heads
 * @param numberOfKvHeads  key/value heads (grouped-query attention when fewer than query heads)
 * @param headSize         width of one head
 * @param maxPositions     longest sequence the positional encoding covers
 * @param ropeTheta        RoPE base frequency (Llama family; unused by GPT-2)
 * @param normEpsilon      epsilon of RMSNorm / LayerNorm
 * @param tiedEmbeddings   whether the LM head reuses the token embedding matrix
 * @param attentionBias    whether q/k/v projections carry a bias (Qwen2; always true for GPT-2)
 * @param bosTokenId       beginning-of-sequence token, or -1 when the model has none
 * @param eosTokenId       end-of-sequence token, or -1 when the model has none
 */
public record ModelConfig(
        Architecture architecture,
        String hfClassName,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numberOfLayers,
        int numberOfHeads,
        int numberOfKvHeads,
        int headSize,
        int maxPositions,
        float ropeTheta,
        float normEpsilon,
        boolean tiedEmbeddings,
        boolean attentionBias,
        int bosTokenId,
        int eosTokenId) {

    private static final ObjectMapper JSON = new ObjectMapper();

    // Upper bounds: generous for every real checkpoint up to the 70B class (Llama 3 70B: vocabulary 128,256,
    // hidden 8,192, 80 layers, 64 heads, MLP 28,672, 131,072 positions; Gemma: head 256, vocabulary 256,000),
    // but small enough that a corrupt or hostile config.json fails here instead of in a huge allocation.
    static final int MAX_VOCAB_SIZE = 1 << 20;
    static final int MAX_HIDDEN_SIZE = 1 << 16;
    static final int MAX_INTERMEDIATE_SIZE = 1 << 18;
    static final int MAX_LAYERS = 1 << 10;
    static final int MAX_HEADS = 1 << 10;
    static final int MAX_HEAD_SIZE = 1 << 10;   // also keeps the (positions, head) RoPE tables under 2^31 floats
    static final int MAX_POSITIONS = 1 << 20;
    /** Floats the shape implies (weights plus RoPE tables): 2^37, about 137 billion; Llama 3 70B needs 70.6. */
    static final long MAX_FLOATS = 1L << 37;

    /** Reads {@code config.json} from a checkpoint folder or the file itself. */
    public static ModelConfig fromHuggingFace(Path configJsonOrFolder) {
        Path file = Files.isDirectory(configJsonOrFolder) ? configJsonOrFolder.resolve("config.json") : configJsonOrFolder;
        try {
            return fromHuggingFace(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model config " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds a parsed {@code config.json}. Every error names the Hugging Face key.
     *
     * @throws IllegalArgumentException on a missing key, a bad value or an unsupported architecture
     */
    public static ModelConfig fromHuggingFace(JsonNode json) {
        JsonNode architectures = json.path("architectures");
        if (!architectures.isArray() || architectures.isEmpty()) {
            throw new IllegalArgumentException("config.json: 'architectures' must be a non-empty array");
        }
        String className = architectures.get(0).asText();
        Architecture family = Architecture.fromHuggingFaceClass(className);
        HfKeys keys = new HfKeys(json);
        ModelConfig config = family == Architecture.LLAMA ? llama(className, keys) : gpt2(className, keys);
        config.validate();
        return config;
    }

    private static ModelConfig llama(String className, HfKeys keys) {
        int hidden = keys.requireInt("hidden_size");
        int heads = keys.requireInt("num_attention_heads");
        if (heads > 0 && hidden % heads != 0 && keys.json.path("head_dim").isMissingNode()) {
            // without 'head_dim' the head size is hidden / heads, which must not round down
            throw new IllegalArgumentException("config.json: 'hidden_size' " + hidden
                    + " is not divisible by 'num_attention_heads' " + heads);
        }
        if (!keys.json.path("rope_scaling").isMissingNode() && !keys.json.path("rope_scaling").isNull()) {
            throw new IllegalArgumentException("config.json: 'rope_scaling' is not supported (found "
                    + keys.json.get("rope_scaling") + ")");
        }
        boolean qwen2 = className.equals("Qwen2ForCausalLM");
        return new ModelConfig(Architecture.LLAMA, className,
                keys.requireInt("vocab_size"), hidden, keys.requireInt("intermediate_size"),
                keys.requireInt("num_hidden_layers"), heads, keys.optionalInt("num_key_value_heads", heads),
                keys.optionalInt("head_dim", hidden / Math.max(heads, 1)),
                keys.requireInt("max_position_embeddings"),
                (float) keys.optionalDouble("rope_theta", 10000.0),
                (float) keys.optionalDouble("rms_norm_eps", 1e-6),
                keys.optionalBoolean("tie_word_embeddings", false),
                qwen2 || keys.optionalBoolean("attention_bias", false),
                keys.optionalInt("bos_token_id", -1), keys.optionalInt("eos_token_id", -1));
    }

    private static ModelConfig gpt2(String className, HfKeys keys) {
        int hidden = keys.requireInt("n_embd");
        int heads = keys.requireInt("n_head");
        String activation = keys.json.path("activation_function").asText("gelu_new");
        if (!activation.equals("gelu_new")) {
            throw new IllegalArgumentException("config.json: 'activation_function' " + activation
                    + " is not supported for GPT-2 (only gelu_new)");
        }
        return new ModelConfig(Architecture.GPT2, className,
                keys.requireInt("vocab_size"), hidden, keys.optionalInt("n_inner", 4 * hidden),
                keys.requireInt("n_layer"), heads, heads, hidden / Math.max(heads, 1),
                keys.requireInt("n_positions"), 0f,
                (float) keys.optionalDouble("layer_norm_epsilon", 1e-5),
                keys.optionalBoolean("tie_word_embeddings", true), true,
                keys.optionalInt("bos_token_id", -1), keys.optionalInt("eos_token_id", -1));
    }

    /**
     * Checks the dimensions fit together.
     *
     * @throws IllegalArgumentException naming the Hugging Face key of the first bad value
     */
    public void validate() {
        requireInRange("vocab_size", vocabSize, MAX_VOCAB_SIZE);
        requireInRange(gpt2() ? "n_embd" : "hidden_size", hiddenSize, MAX_HIDDEN_SIZE);
        requireInRange(gpt2() ? "n_inner" : "intermediate_size", intermediateSize, MAX_INTERMEDIATE_SIZE);
        requireInRange(gpt2() ? "n_layer" : "num_hidden_layers", numberOfLayers, MAX_LAYERS);
        requireInRange(gpt2() ? "n_head" : "num_attention_heads", numberOfHeads, MAX_HEADS);
        requireInRange("num_key_value_heads", numberOfKvHeads, MAX_HEADS);
        requireInRange(gpt2() ? "n_positions" : "max_position_embeddings", maxPositions, MAX_POSITIONS);
        if (numberOfHeads % numberOfKvHeads != 0) {
            throw new IllegalArgumentException("config.json: 'num_attention_heads' " + numberOfHeads
                    + " is not a multiple of 'num_key_value_heads' " + numberOfKvHeads);
        }
        if (headSize <= 0 || headSize % 2 != 0 || headSize > MAX_HEAD_SIZE) {
            throw new IllegalArgumentException("config.json: head size " + headSize + " ('head_dim' or hidden/heads)"
                    + " must be positive, even and <= " + MAX_HEAD_SIZE);
        }
        if (gpt2() && headSize * numberOfHeads != hiddenSize) {
            throw new IllegalArgumentException("config.json: 'n_embd' " + hiddenSize + " is not divisible by 'n_head' "
                    + numberOfHeads);
        }
        long floats = impliedFloats();
        if (floats > MAX_FLOATS) {
            throw new IllegalArgumentException("config.json: the shape implies " + floats + " floats (vocab_size "
                    + vocabSize + ", hidden " + hiddenSize + ", intermediate " + intermediateSize + ", layers "
                    + numberOfLayers + ", heads " + numberOfHeads + ", positions " + maxPositions
                    + "), more than the limit " + MAX_FLOATS);
        }
        if (!(normEpsilon > 0)) {
            throw new IllegalArgumentException("config.json: norm epsilon must be > 0, got " + normEpsilon);
        }
    }

    /**
     * Floats that loading this shape allocates: every weight {@link WeightNames#expected} lists, plus the two
     * {@code (positions, head)} RoPE tables of the Llama family. Exact in a {@code long} once the per-field bounds hold.
     */
    long impliedFloats() {
        long floats = 0;
        for (var shape : WeightNames.expected(this).values()) {
            floats += shape.size();
        }
        return gpt2() ? floats : floats + 2L * maxPositions * headSize;
    }

    /** Query heads that share one key/value head. */
    public int queriesPerKvHead() {
        return numberOfHeads / numberOfKvHeads;
    }

    private boolean gpt2() {
        return architecture == Architecture.GPT2;
    }

    /** The Hugging Face {@code config.json} for this configuration. */
    public ObjectNode toHuggingFace() {
        ObjectNode json = JSON.createObjectNode();
        json.putArray("architectures").add(hfClassName);
        if (gpt2()) {
            json.put("model_type", "gpt2");
            json.put("vocab_size", vocabSize);
            json.put("n_embd", hiddenSize);
            json.put("n_inner", intermediateSize);
            json.put("n_layer", numberOfLayers);
            json.put("n_head", numberOfHeads);
            json.put("n_positions", maxPositions);
            json.put("n_ctx", maxPositions);
            json.put("layer_norm_epsilon", normEpsilon);
            json.put("activation_function", "gelu_new");
        } else {
            json.put("model_type", switch (hfClassName) {
                case "Qwen2ForCausalLM" -> "qwen2";
                case "MistralForCausalLM" -> "mistral";
                default -> "llama";
            });
            json.put("vocab_size", vocabSize);
            json.put("hidden_size", hiddenSize);
            json.put("intermediate_size", intermediateSize);
            json.put("num_hidden_layers", numberOfLayers);
            json.put("num_attention_heads", numberOfHeads);
            json.put("num_key_value_heads", numberOfKvHeads);
            json.put("head_dim", headSize);
            json.put("max_position_embeddings", maxPositions);
            json.put("rope_theta", ropeTheta);
            json.put("rms_norm_eps", normEpsilon);
            json.put("attention_bias", attentionBias);
            json.put("hidden_act", "silu");
        }
        json.put("tie_word_embeddings", tiedEmbeddings);
        if (bosTokenId >= 0) {
            json.put("bos_token_id", bosTokenId);
        }
        if (eosTokenId >= 0) {
            json.put("eos_token_id", eosTokenId);
        }
        json.put("torch_dtype", "float32");
        return json;
    }

    /** Writes {@link #toHuggingFace()} as {@code config.json} into a folder. */
    public void writeTo(Path folder) throws IOException {
        Files.createDirectories(folder);
        JSON.writerWithDefaultPrettyPrinter().writeValue(folder.resolve("config.json").toFile(), toHuggingFace());
    }

    private static void requireInRange(String key, int value, int max) {
        if (value <= 0) {
            throw new IllegalArgumentException("config.json: '" + key + "' must be > 0, got " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException("config.json: '" + key + "' must be <= " + max + ", got " + value);
        }
    }

    /** Typed access to config.json keys; each error names the key. */
    private record HfKeys(JsonNode json) {
        int requireInt(String key) {
            JsonNode node = json.get(key);
            if (node == null || node.isNull()) {
                throw new IllegalArgumentException("config.json: missing required key '" + key + "'");
            }
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                throw new IllegalArgumentException("config.json: '" + key + "' must be an integer, got " + node);
            }
            return node.intValue();
        }

        int optionalInt(String key, int fallback) {
            JsonNode node = json.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (node.isArray() && !node.isEmpty()) {
                node = node.get(0); // e.g. Llama 3's list of eos ids: the first is the canonical one
            }
            if (!node.isIntegralNumber()) {
                throw new IllegalArgumentException("config.json: '" + key + "' must be an integer, got " + node);
            }
            return node.intValue();
        }

        double optionalDouble(String key, double fallback) {
            JsonNode node = json.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isNumber()) {
                throw new IllegalArgumentException("config.json: '" + key + "' must be a number, got " + node);
            }
            return node.doubleValue();
        }

        boolean optionalBoolean(String key, boolean fallback) {
            JsonNode node = json.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                throw new IllegalArgumentException("config.json: '" + key + "' must be true or false, got " + node);
            }
            return node.booleanValue();
        }
    }
}
