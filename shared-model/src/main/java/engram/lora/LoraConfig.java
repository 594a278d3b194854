package engram.lora;

import java.util.List;

/**
 * An adapter's hyper-parameters, as PEFT's {@code LoraConfig} names them.
 *
 * @param rank    r, the inner width of {@code B A}
 * @param alpha   lora_alpha; the delta is scaled by {@code alpha / r} (or {@code alpha / sqrt(r)} with rsLoRA)
 * @param dropout dropout on the adapter's input during training, in [0, 1)
 * @param targets module-name suffixes to adapt ({@code q_proj}, {@code c_attn}, ...), PEFT's target_modules
 * @param rsLora  rank-stabilised scaling (arXiv 2312.03732)
 */
public record LoraConfig(int rank, float alpha, float dropout, List<String> targets, boolean rsLora) {

    /** Query and value projections of a Llama-family model, PEFT's usual default. */
    public static final List<String> ATTENTION_QV = List.of("q_proj", "v_proj");
    /** All four attention projections of a Llama-family model. */
    public static final List<String> ATTENTION = List.of("q_proj", "k_proj", "v_proj", "o_proj");
    /** Every linear map of a Llama-family decoder layer (TAIA's "train all"). */
    public static final List<String> ALL_LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj",
            "gate_proj", "up_proj", "down_proj");
    /** Every linear map of a GPT-2 block. */
    public static final List<String> GPT2_ALL_LINEAR = List.of("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj");

    /** Normalises nulls; validation happens in {@link #validate()}. */
    public LoraConfig {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The factor applied to {@code B A x}. */
    public float scaling() {
        return rsLora ? (float) (alpha / Math.sqrt(rank)) : alpha / rank;
    }

    /**
     * Checks the ranges.
     *
     * @throws IllegalArgumentException naming the field and its value
     */
    public void validate() {
        if (rank <= 0) {
            throw new IllegalArgumentException("rank must be > 0, got " + rank);
        }
        if (!(alpha > 0) || Float.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets must name at least one module, got " + targets);
        }
    }

    /** Whether {@code module} (a full Hugging Face module name) is one of the targets. */
    public boolean targets(String module) {
        return targets.stream().anyMatch(t -> module.equals(t) || module.endsWith("." + t));
    }
}
