package engram.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every Hugging Face tensor name engram knows, and the shape each must have. No other class spells a
 * checkpoint key. Llama-family names follow {@code modeling_llama.py}; GPT-2 names follow
 * {@code modeling_gpt2.py} (Conv1D weights are stored {@code [in, out]}).
 */
public final class WeightNames {

    /** Buffers some GPT-2 checkpoints carry that are not parameters; ignored on load. */
    private static final Set<String> GPT2_BUFFERS = Set.of("attn.bias", "attn.masked_bias");

    private WeightNames() {}

    /** Name of the token embedding matrix. */
    public static String embedding(ModelConfig c) {
        return c.architecture() == Architecture.LLAMA ? "model.embed_tokens.weight" : "transformer.wte.weight";
    }

    /** Name of the LM head (absent from checkpoints with tied embeddings). */
    public static String lmHead() {
        return "lm_head.weight";
    }

    /** GPT-2's learned position embeddings. */
    public static String positionEmbedding() {
        return "transformer.wpe.weight";
    }

    /** The final norm's module name (add {@code .weight} / {@code .bias}). */
    public static String finalNorm(ModelConfig c) {
        return c.architecture() == Architecture.LLAMA ? "model.norm" : "transformer.ln_f";
    }

    /** The module-name prefix of decoder layer {@code i}, ending with a dot. */
    public static String layer(ModelConfig c, int i) {
        return (c.architecture() == Architecture.LLAMA ? "model.layers." : "transformer.h.") + i + ".";
    }

    /** Module names of one Llama-family decoder layer. */
    public record LlamaLayer(String inputNorm, String q, String k, String v, String o, String postAttentionNorm,
                             String gate, String up, String down) {
        static LlamaLayer of(String p) {
            return new LlamaLayer(p + "input_layernorm", p + "self_attn.q_proj", p + "self_attn.k_proj",
                    p + "self_attn.v_proj", p + "self_attn.o_proj", p + "post_attention_layernorm",
                    p + "mlp.gate_proj", p + "mlp.up_proj", p + "mlp.down_proj");
        }
    }

    /** Module names of one GPT-2 block. */
    public record Gpt2Layer(String norm1, String qkv, String attentionOut, String norm2, String fc, String mlpOut) {
        static Gpt2Layer of(String p) {
            return new Gpt2Layer(p + "ln_1", p + "attn.c_attn", p + "attn.c_proj", p + "ln_2", p + "mlp.c_fc",
                    p + "mlp.c_proj");
        }
    }

    /** Module names of Llama layer {@code i}. */
    public static LlamaLayer llamaLayer(ModelConfig c, int i) {
        return LlamaLayer.of(layer(c, i));
    }

    /** Module names of GPT-2 block {@code i}. */
    public static Gpt2Layer gpt2Layer(ModelConfig c, int i) {
        return Gpt2Layer.of(layer(c, i));
    }

    /** Every parameter the model has, in checkpoint order, with its shape. */
    public static Map<String, Shape> expected(ModelConfig c) {
        Map<String, Shape> out = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long inner = c.intermediateSize();
        out.put(embedding(c), new Shape(c.vocabSize(), h));
        if (c.architecture() == Architecture.GPT2) {
            out.put(positionEmbedding(), new Shape(c.maxPositions(), h));
        }
        for (int i = 0; i < c.numberOfLayers(); i++) {
            if (c.architecture() == Architecture.LLAMA) {
                llamaLayer(c, i, out, h, inner);
            } else {
                gpt2Layer(c, i, out, h, inner);
            }
        }
        String norm = finalNorm(c);
        out.put(norm + ".weight", new Shape(h));
        if (c.architecture() == Architecture.GPT2) {
            out.put(norm + ".bias", new Shape(h));
        }
        if (!c.tiedEmbeddings()) {
            out.put(lmHead(), new Shape(c.vocabSize(), h));
        }
        return out;
    }

    private static void llamaLayer(ModelConfig c, int i, Map<String, Shape> out, long h, long inner) {
        LlamaLayer n = llamaLayer(c, i);
        long q = (long) c.numberOfHeads() * c.headSize();
        long kv = (long) c.numberOfKvHeads() * c.headSize();
        out.put(n.inputNorm() + ".weight", new Shape(h));
        out.put(n.q() + ".weight", new Shape(q, h));
        if (c.attentionBias()) {
            out.put(n.q() + ".bias", new Shape(q));
        }
        out.put(n.k() + ".weight", new Shape(kv, h));
        if (c.attentionBias()) {
            out.put(n.k() + ".bias", new Shape(kv));
        }
        out.put(n.v() + ".weight", new Shape(kv, h));
        if (c.attentionBias()) {
            out.put(n.v() + ".bias", new Shape(kv));
        }
        out.put(n.o() + ".weight", new Shape(h, q));
        out.put(n.postAttentionNorm() + ".weight", new Shape(h));
        out.put(n.gate() + ".weight", new Shape(inner, h));
        out.put(n.up() + ".weight", new Shape(inner, h));
        out.put(n.down() + ".weight", new Shape(h, inner));
    }

    private static void gpt2Layer(ModelConfig c, int i, Map<String, Shape> out, long h, long inner) {
        Gpt2Layer n = gpt2Layer(c, i);
        out.put(n.norm1() + ".weight", new Shape(h));
        out.put(n.norm1() + ".bias", new Shape(h));
        out.put(n.qkv() + ".weight", new Shape(h, 3 * h)); // Conv1D: [in, out]
        out.put(n.qkv() + ".bias", new Shape(3 * h));
        out.put(n.attentionOut() + ".weight", new Shape(h, h));
        out.put(n.attentionOut() + ".bias", new Shape(h));
        out.put(n.norm2() + ".weight", new Shape(h));
        out.put(n.norm2() + ".bias", new Shape(h));
        out.put(n.fc() + ".weight", new Shape(h, inner));
        out.put(n.fc() + ".bias", new Shape(inner));
        out.put(n.mlpOut() + ".weight", new Shape(inner, h));
        out.put(n.mlpOut() + ".bias", new Shape(h));
    }

    /**
     * Maps a checkpoint key to engram's canonical name, or returns null for keys that are buffers, not
     * parameters. GPT-2 checkpoints saved from {@code GPT2Model} lack the {@code transformer.} prefix.
     */
    public static String canonical(ModelConfig c, String key) {
        if (c.architecture() != Architecture.GPT2) {
            return key;
        }
        for (String buffer : GPT2_BUFFERS) {
            if (key.endsWith("." + buffer)) {
                return null;
            }
        }
        if (key.equals(lmHead())) {
            return key;
        }
        return key.startsWith("transformer.") ? key : "transformer." + key;
    }

    /** What a linear module belongs to: attention or the MLP (TAIA keeps only attention deltas). */
    public enum ModuleKind { ATTENTION, MLP }

    /**
     * Whether a linear module (a Hugging Face module name, without {@code .weight}) is part of attention
     * or of the MLP.
     *
     * @throws IllegalArgumentException naming the module when it is neither
     */
    public static ModuleKind kindOf(String module) {
        if (module.contains(".self_attn.") || module.contains(".attn.")) {
            return ModuleKind.ATTENTION;
        }
        if (module.contains(".mlp.")) {
            return ModuleKind.MLP;
        }
        throw new IllegalArgumentException("'" + module + "' is neither an attention nor an MLP module");
    }

    /** Whether a module's weight is stored {@code [in, out]} (GPT-2's Conv1D) rather than {@code [out, in]}. */
    public static boolean isConv1d(ModelConfig c) {
        return c.architecture() == Architecture.GPT2;
    }
}
