package engram.model;

import java.util.List;
import java.util.Map;

/**
 * The two transformer families engram runs. A checkpoint's {@code config.json} names its class in
 * {@code architectures}; that name, never a path or model name, picks the family.
 */
public enum Architecture {
    /** RMSNorm, RoPE, grouped-query attention, SwiGLU: Llama 2/3, Mistral, Qwen2, SmolLM, TinyLlama. */
    LLAMA,
    /** LayerNorm, learned positions, Conv1D weight layout, GELU (tanh): GPT-2. */
    GPT2;

    private static final Map<String, Architecture> BY_HF_CLASS = Map.of(
            "LlamaForCausalLM", LLAMA,
            "MistralForCausalLM", LLAMA,
            "Qwen2ForCausalLM", LLAMA,
            "GPT2LMHeadModel", GPT2);

    /** Hugging Face class names this build can run, for error messages. */
    public static List<String> supportedClassNames() {
        return BY_HF_CLASS.keySet().stream().sorted().toList();
    }

    /**
     * Picks the family for a Hugging Face architecture class name.
     *
     * @throws IllegalArgumentException naming the class when it is not supported
     */
    public static Architecture fromHuggingFaceClass(String className) {
        Architecture family = BY_HF_CLASS.get(className);
        if (family == null) {
            throw new IllegalArgumentException("unsupported architecture '" + className + "' in config.json"
                    + " 'architectures'; supported: " + supportedClassNames());
        }
        return family;
    }
}
