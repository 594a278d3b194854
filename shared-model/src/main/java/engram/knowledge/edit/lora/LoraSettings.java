package engram.knowledge.edit.lora;

import engram.knowledge.edit.MethodSettings;
import engram.lora.LoraConfig;
import java.util.List;

/**
 * The LoRA methods' own settings: the adapter's shape ({@link LoraConfig}'s fields, in PEFT's terms).
 *
 * @param rank    r
 * @param alpha   lora_alpha; the branch is scaled by {@code alpha / r} ({@code alpha / sqrt(r)} with rsLoRA)
 * @param dropout dropout on the branch's input while training
 * @param targets module names the adapter wraps ({@code down_proj}, {@code q_proj}, ...)
 * @param rsLora  rank-stabilised scaling
 */
public record LoraSettings(int rank, float alpha, float dropout, List<String> targets, boolean rsLora)
        implements MethodSettings {

    /** Rank 4, alpha 8, no dropout on every MLP down-projection (the LORA and OVERTONE methods). */
    public static final LoraSettings DOWN_PROJECTION = of(new LoraConfig(4, 8f, 0f, List.of("down_proj"), false));
    /** Rank 4, alpha 8, no dropout on every linear map (the TAIA method). */
    public static final LoraSettings ALL_LINEAR = of(new LoraConfig(4, 8f, 0f, LoraConfig.ALL_LINEAR, false));

    /** Copies the targets. */
    public LoraSettings {
        targets = targets == null ? null : List.copyOf(targets);
    }

    /** The settings of adapter {@code config}. */
    public static LoraSettings of(LoraConfig config) {
        return new LoraSettings(config.rank(), config.alpha(), config.dropout(), config.targets(), config.rsLora());
    }

    /** The adapter these settings describe. */
    public LoraConfig adapter() {
        return new LoraConfig(rank, alpha, dropout, targets, rsLora);
    }

    @Override
    public LoraSettings validate() {
        if (targets == null) {
            throw new IllegalArgumentException("targets must name at least one module, got null");
        }
        adapter().validate();
        return this;
    }
}
